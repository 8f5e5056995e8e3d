package com.totaltotes.pipeline.load;

import com.totaltotes.pipeline.warehouse.Column;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads what the warehouse holds, typed like the loaded rows, for assertions. */
final class WarehouseRows {
  private WarehouseRows() {}

  /** The loaded columns of every row of {@code table}, ordered by its key. */
  static List<List<Object>> of(Connection c, WarehouseTable table) throws SQLException {
    String sql =
        "select "
            + String.join(", ", table.columnNames())
            + " from "
            + table.tableName()
            + " order by "
            + String.join(", ", table.key());
    List<List<Object>> rows = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 0; i < table.columns().size(); i++) {
          row.add(value(rs, i + 1, table.columns().get(i)));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  /** Expected rows ordered like {@link #of}: by the table's key columns. */
  static List<List<Object>> sortedByKey(WarehouseTable table, List<List<Object>> rows) {
    List<Integer> key = table.key().stream().map(table.columnNames()::indexOf).toList();
    Comparator<List<Object>> order = null;
    for (int k : key) {
      @SuppressWarnings({"unchecked", "rawtypes"})
      Comparator<List<Object>> byColumn = Comparator.comparing(r -> (Comparable) r.get(k));
      order = order == null ? byColumn : order.thenComparing(byColumn);
    }
    return rows.stream().sorted(order).toList();
  }

  private static Object value(ResultSet rs, int i, Column column) throws SQLException {
    Object v =
        switch (column.type()) {
          case INT -> rs.getObject(i, Integer.class);
          case DECIMAL_10_2 -> rs.getBigDecimal(i);
          case DATE -> rs.getObject(i, LocalDate.class);
          case TIME_MILLIS -> rs.getObject(i, LocalTime.class);
          case BOOLEAN -> rs.getObject(i, Boolean.class);
          case TEXT -> rs.getString(i);
        };
    return rs.wasNull() ? null : v;
  }

  /**
   * Every row of every warehouse table and of the ledger, whole (surrogate keys, ledger times and
   * all), as text: two dumps are equal exactly when the warehouse is the same.
   */
  static Map<String, List<String>> dump(Connection c) throws SQLException {
    Map<String, List<String>> dump = new LinkedHashMap<>();
    for (WarehouseTable table : WarehouseTable.values()) {
      dump.put(
          table.tableName(),
          texts(c, "select t::text from " + table.tableName() + " t order by 1"));
    }
    dump.put("load_ledger", texts(c, "select t::text from load_ledger t order by 1"));
    return dump;
  }

  /** Like {@link #dump} without the facts' surrogate keys and the ledger's load times. */
  static Map<String, List<String>> businessDump(Connection c) throws SQLException {
    Map<String, List<String>> dump = new LinkedHashMap<>();
    for (WarehouseTable table : WarehouseTable.values()) {
      dump.put(
          table.tableName(),
          texts(
              c,
              "select row("
                  + String.join(", ", table.columnNames())
                  + ")::text from "
                  + table.tableName()
                  + " order by 1"));
    }
    dump.put(
        "load_ledger",
        texts(
            c, "select row(run_id, source_run, rows_per_table)::text from load_ledger order by 1"));
    return dump;
  }

  /**
   * The warehouse schema as the catalog has it: every constraint of the public schema (table, name,
   * definition) and every index (its definition).
   */
  static List<String> schema(Connection c) throws SQLException {
    List<String> schema =
        new ArrayList<>(
            texts(
                c,
                "select conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)"
                    + " from pg_constraint where connamespace = 'public'::regnamespace order by"
                    + " 1"));
    schema.addAll(
        texts(c, "select indexdef from pg_indexes where schemaname = 'public' order by 1"));
    return schema;
  }

  /** Every row of every warehouse table whole, and the ledger without its load times. */
  static Map<String, List<String>> dumpWithoutLoadTimes(Connection c) throws SQLException {
    Map<String, List<String>> dump = dump(c);
    dump.put(
        "load_ledger",
        texts(
            c,
            "select row(run_id, source_run, rows_per_table, status, reason, run_started_at)::text"
                + " from load_ledger order by 1"));
    return dump;
  }

  static List<String> texts(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  static String text(Connection c, String sql) throws SQLException {
    List<String> all = texts(c, sql);
    if (all.size() != 1) {
      throw new IllegalStateException(all.size() + " rows from " + sql);
    }
    return all.get(0);
  }
}
