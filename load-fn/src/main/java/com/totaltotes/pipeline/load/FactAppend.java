package com.totaltotes.pipeline.load;

import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;

/**
 * Moves a fact's staged rows into the fact table, skipping every version already there: a fact is
 * unique on its natural id and last-updated date and time, so a re-delivered version adds nothing
 * and a new version of the same id adds one row.
 */
final class FactAppend {
  private final String sql;

  FactAppend(WarehouseTable table) {
    if (!table.isFact()) {
      throw new IllegalArgumentException(table.tableName() + " is a dimension, not a fact");
    }
    this.sql = sql(table);
  }

  /** The statement; identifiers come from {@link WarehouseTable} only. */
  static String sql(WarehouseTable table) {
    String columns = StagingTable.columnList(table);
    return "insert into "
        + table.tableName()
        + " ("
        + columns
        + ")"
        + " select "
        + columns
        + " from stage_"
        + table.tableName()
        + " on conflict ("
        + String.join(", ", table.key())
        + ") do nothing";
  }

  /**
   * The bulk path's statement, for a table without its keys ({@link FactKeys#insert}): the staged
   * rows whose version neither the table nor an earlier staged row has, each with surrogate key
   * {@code ? + stage_row - 1}. Identifiers come from {@link WarehouseTable} and the catalog only.
   */
  static String bulkSql(WarehouseTable table, String surrogateKey) {
    String columns = StagingTable.columnList(table);
    String stage = "stage_" + table.tableName();
    String sameVersion =
        table.key().stream().map(k -> "x." + k + " = s." + k).collect(Collectors.joining(" and "));
    return "insert into "
        + table.tableName()
        + " ("
        + surrogateKey
        + ", "
        + columns
        + ") select ? + s."
        + StagingTable.ROW_NUMBER
        + " - 1, "
        + table.columns().stream().map(c -> "s." + c.name()).collect(Collectors.joining(", "))
        + " from "
        + stage
        + " s where not exists (select 1 from "
        + table.tableName()
        + " x where "
        + sameVersion
        + ") and not exists (select 1 from "
        + stage
        + " x where "
        + sameVersion
        + " and x."
        + StagingTable.ROW_NUMBER
        + " < s."
        + StagingTable.ROW_NUMBER
        + ")";
  }

  /** Runs the insert; returns the counts, with {@code staged} as given. */
  TableCounts apply(Connection c, long staged) throws SQLException {
    try (Statement s = c.createStatement()) {
      return new TableCounts(staged, s.executeUpdate(sql), 0);
    }
  }
}
