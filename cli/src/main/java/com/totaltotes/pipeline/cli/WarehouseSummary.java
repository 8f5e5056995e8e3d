package com.totaltotes.pipeline.cli;

import com.totaltotes.pipeline.PipelineException;
import com.totaltotes.pipeline.SqlErrors;
import com.totaltotes.pipeline.credentials.ConnectionSource;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The closing summary of a loaded warehouse: rows per table, fact versions, freshness lag and two
 * sample analytics queries over the star schema. Sales figures use the latest version of each order
 * (the facts keep every version). Table names come from {@link WarehouseTable}.
 */
public final class WarehouseSummary {
  /** Sales value (units_sold × unit_price) per month of created_date and currency. */
  static final String SALES_BY_MONTH =
      """
      with latest as (
        select distinct on (sales_order_id) *
        from fact_sales_order
        order by sales_order_id, last_updated_date desc, last_updated_time desc)
      select d.year, d.month_name, c.currency_code, count(*) as orders,
             sum(f.units_sold * f.unit_price) as sales_value
      from latest f
      join dim_date d on d.date_id = f.created_date
      join dim_currency c on c.currency_id = f.currency_id
      group by d.year, d.month, d.month_name, c.currency_code
      order by d.year, d.month, c.currency_code\
      """;

  /** The counterparties with the largest sales value in one currency. */
  static final String TOP_COUNTERPARTIES =
      """
      with latest as (
        select distinct on (sales_order_id) *
        from fact_sales_order
        order by sales_order_id, last_updated_date desc, last_updated_time desc)
      select cp.counterparty_legal_name, c.currency_code, count(*) as orders,
             sum(f.units_sold * f.unit_price) as sales_value
      from latest f
      join dim_counterparty cp on cp.counterparty_id = f.counterparty_id
      join dim_currency c on c.currency_id = f.currency_id
      group by cp.counterparty_legal_name, c.currency_code
      order by sales_value desc, cp.counterparty_legal_name
      limit 5\
      """;

  private final ConnectionSource warehouse;

  public WarehouseSummary(ConnectionSource warehouse) {
    this.warehouse = warehouse;
  }

  /** The whole summary as text. */
  public String render(LocalDateTime nowUtc, long rejects) {
    try (Connection c = warehouse.open();
        Statement s = c.createStatement()) {
      StringBuilder out = new StringBuilder();
      TextTable rows = new TextTable(List.of("table", "rows", "note"));
      for (WarehouseTable t : WarehouseTable.values()) {
        rows.add(
            List.of(
                t.tableName(),
                count(s, "select count(*) from " + t.tableName()),
                t.isFact() ? versions(s, t) : ""));
      }
      out.append("warehouse ").append(warehouse.describe()).append('\n').append(rows.render("  "));
      out.append(String.format(Locale.US, "rejects    %,d%n", rejects));
      out.append("freshness  ").append(freshness(s, nowUtc)).append('\n');
      out.append("\nsales value by month and currency (latest version of each order)\n")
          .append(
              query(
                  s,
                  SALES_BY_MONTH,
                  List.of("year", "month", "currency", "orders", "sales value")));
      out.append("\ntop 5 counterparties by sales value\n")
          .append(
              query(
                  s,
                  TOP_COUNTERPARTIES,
                  List.of("counterparty", "currency", "orders", "sales value")));
      return out.toString();
    } catch (SQLException e) {
      throw PipelineException.transientFailure(
          "cannot summarise warehouse " + warehouse.describe() + ": " + SqlErrors.describe(e), e);
    }
  }

  private static String versions(Statement s, WarehouseTable fact) throws SQLException {
    String id = fact.key().get(0);
    String ids = count(s, "select count(distinct " + id + ") from " + fact.tableName());
    return "versions of " + ids + " " + id.substring(0, id.length() - 3) + "s";
  }

  /** now − the newest source last_updated present in the facts. */
  private static String freshness(Statement s, LocalDateTime nowUtc) throws SQLException {
    StringBuilder sql = new StringBuilder("select max(t) from (");
    String union = "";
    for (WarehouseTable t : WarehouseTable.values()) {
      if (t.isFact()) {
        sql.append(union)
            .append("select max(last_updated_date + last_updated_time) as t from ")
            .append(t.tableName());
        union = " union all ";
      }
    }
    try (ResultSet rs = s.executeQuery(sql.append(") x").toString())) {
      rs.next();
      LocalDateTime newest = rs.getObject(1, LocalDateTime.class);
      if (newest == null) {
        return "no facts yet";
      }
      Duration lag = Duration.between(newest, nowUtc);
      if (lag.isNegative()) { // generated data can carry timestamps a little ahead of this clock
        return String.format(
            Locale.ROOT,
            "lag 0 s (newest source update in the facts: %s UTC, %d s ahead of"
                + " this machine's clock)",
            newest,
            lag.negated().toSeconds());
      }
      return String.format(
          Locale.ROOT,
          "lag %d min %02d s (newest source update in the facts: %s UTC)",
          lag.toMinutes(),
          lag.toSecondsPart(),
          newest);
    }
  }

  private static String count(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return String.format(Locale.US, "%,d", rs.getLong(1));
    }
  }

  private static String query(Statement s, String sql, List<String> headers) throws SQLException {
    TextTable table = new TextTable(headers);
    try (ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          Object v = rs.getObject(i);
          row.add(
              v instanceof java.math.BigDecimal d
                  ? String.format(Locale.US, "%,.2f", d)
                  : v instanceof Long l ? String.format(Locale.US, "%,d", l) : String.valueOf(v));
        }
        table.add(row);
      }
    }
    return table.render("  ");
  }
}
