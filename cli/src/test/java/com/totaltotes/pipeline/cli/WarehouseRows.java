package com.totaltotes.pipeline.cli;

import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows as sorted lists of strings ({@code value|value|…}, PostgreSQL's text form of each value,
 * {@code NULL} for null), so that a warehouse table and the independent expectation computed from
 * the source by {@code expected/<table>.sql} compare as plain lists.
 */
final class WarehouseRows {
  private WarehouseRows() {}

  /** The table's rows in the warehouse, loaded columns only (no surrogate key), sorted. */
  static List<String> actual(Connection warehouse, WarehouseTable table) throws SQLException {
    return query(
        warehouse,
        "select " + String.join(", ", table.columnNames()) + " from " + table.tableName());
  }

  /** What the table should hold according to the source right now, in the same columns, sorted. */
  static List<String> expected(Connection source, WarehouseTable table) throws SQLException {
    return query(
        source,
        "select "
            + String.join(", ", table.columnNames())
            + " from ("
            + expectedSql(table)
            + ") as expected");
  }

  /** Every table with every column (surrogate keys included), for "nothing changed" checks. */
  static Map<String, List<String>> snapshot(Connection warehouse) throws SQLException {
    Map<String, List<String>> all = new LinkedHashMap<>();
    for (WarehouseTable t : WarehouseTable.values()) {
      all.put(t.tableName(), query(warehouse, "select * from " + t.tableName()));
    }
    return all;
  }

  static List<String> sorted(Collection<String> rows) {
    List<String> list = new ArrayList<>(rows);
    list.sort(null);
    return list;
  }

  private static String expectedSql(WarehouseTable table) {
    String resource = "/expected/" + table.tableName() + ".sql";
    try (InputStream in = WarehouseRows.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().replaceAll(";$", "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> query(Connection c, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          String v = rs.getString(i);
          row.append(i == 1 ? "" : "|").append(v == null ? "NULL" : v);
        }
        rows.add(row.toString());
      }
    }
    return sorted(rows);
  }
}
