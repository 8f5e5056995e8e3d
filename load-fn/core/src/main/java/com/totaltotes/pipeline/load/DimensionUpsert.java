package com.totaltotes.pipeline.load;

import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Moves a dimension's staged rows into the dimension: a new key is inserted; an existing key is
 * updated only when some value differs, so an unchanged row is not rewritten (no new row version,
 * no dead tuple). When the run staged a key twice, the row staged last wins.
 */
final class DimensionUpsert {
  private final WarehouseTable table;
  private final String sql;

  DimensionUpsert(WarehouseTable table) {
    if (table.isFact()) {
      throw new IllegalArgumentException(table.tableName() + " is a fact, not a dimension");
    }
    this.table = table;
    this.sql = sql(table);
  }

  /** The statement; identifiers come from {@link WarehouseTable} only. */
  static String sql(WarehouseTable table) {
    String name = table.tableName();
    String key = String.join(", ", table.key());
    String columns = StagingTable.columnList(table);
    List<String> values =
        table.columnNames().stream().filter(c -> !table.key().contains(c)).toList();
    String set = values.stream().map(c -> c + " = excluded." + c).collect(Collectors.joining(", "));
    String current = values.stream().map(c -> "d." + c).collect(Collectors.joining(", "));
    String incoming = values.stream().map(c -> "excluded." + c).collect(Collectors.joining(", "));
    // xmax = 0 only on a freshly inserted row version: tells inserts from updates
    return "with upserted as ("
        + " insert into "
        + name
        + " as d ("
        + columns
        + ") "
        + latestStaged(table)
        + " on conflict ("
        + key
        + ") do update set "
        + set
        + " where ("
        + current
        + ") is distinct from ("
        + incoming
        + ") returning (d.xmax = 0) as inserted) select count(*) filter (where inserted), count(*)"
        + " filter (where not inserted) from upserted";
  }

  /** The row staged last for each key of the run: the one that wins. */
  private static String latestStaged(WarehouseTable table) {
    String key = String.join(", ", table.key());
    return "select distinct on ("
        + key
        + ") "
        + StagingTable.columnList(table)
        + " from stage_"
        + table.tableName()
        + " order by "
        + key
        + ", "
        + StagingTable.ROW_NUMBER
        + " desc";
  }

  /**
   * The bulk path's two statements, with the same outcome as {@link #sql}: the latest staged row
   * per key updates the dimension's row where some value differs, then the keys it does not have
   * yet are inserted; set-wise joins instead of one speculative insertion per staged row.
   */
  static List<String> bulkSql(WarehouseTable table) {
    String name = table.tableName();
    String columns = StagingTable.columnList(table);
    List<String> values =
        table.columnNames().stream().filter(c -> !table.key().contains(c)).toList();
    String latest = latestStaged(table);
    String sameKey =
        table.key().stream().map(k -> "d." + k + " = s." + k).collect(Collectors.joining(" and "));
    String update =
        "update "
            + name
            + " d set "
            + values.stream().map(c -> c + " = s." + c).collect(Collectors.joining(", "))
            + " from ("
            + latest
            + ") s where "
            + sameKey
            + " and ("
            + values.stream().map(c -> "d." + c).collect(Collectors.joining(", "))
            + ") is distinct from ("
            + values.stream().map(c -> "s." + c).collect(Collectors.joining(", "))
            + ")";
    String insert =
        "insert into "
            + name
            + " ("
            + columns
            + ") select "
            + columns
            + " from ("
            + latest
            + ") s where not exists (select 1 from "
            + name
            + " d where "
            + sameKey
            + ")";
    return List.of(update, insert);
  }

  /** Runs the bulk path's statements; returns the counts, with {@code staged} as given. */
  TableCounts applyBulk(Connection c, long staged) throws SQLException {
    List<String> statements = bulkSql(table);
    try (Statement s = c.createStatement()) {
      long updated = s.executeUpdate(statements.get(0));
      long inserted = s.executeUpdate(statements.get(1));
      return new TableCounts(staged, inserted, updated);
    }
  }

  /** Runs the upsert; returns the counts, with {@code staged} as given. */
  TableCounts apply(Connection c, long staged) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return new TableCounts(staged, rs.getLong(1), rs.getLong(2));
    }
  }
}
