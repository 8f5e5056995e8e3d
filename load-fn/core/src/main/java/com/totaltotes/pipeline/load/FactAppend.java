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
   * The bulk path's clean-up after copying rows straight into the table while its keys are dropped
   * ({@link FactKeys#add}): deletes each row copied by this run (surrogate key {@code >= ?}) whose
   * version the table already had or an earlier copied row has (a smaller surrogate key), which
   * leaves the rows and keys that {@link #sql} would have inserted. Identifiers come from {@link
   * WarehouseTable} and the catalog only.
   */
  static String duplicatesSql(WarehouseTable table, String surrogateKey) {
    String sameVersion =
        table.key().stream().map(k -> "x." + k + " = f." + k).collect(Collectors.joining(" and "));
    return "delete from "
        + table.tableName()
        + " f where f."
        + surrogateKey
        + " >= ? and exists (select 1 from "
        + table.tableName()
        + " x where "
        + sameVersion
        + " and x."
        + surrogateKey
        + " < f."
        + surrogateKey
        + ")";
  }

  /** Runs the insert; returns the counts, with {@code staged} as given. */
  TableCounts apply(Connection c, long staged) throws SQLException {
    try (Statement s = c.createStatement()) {
      return new TableCounts(staged, s.executeUpdate(sql), 0);
    }
  }
}
