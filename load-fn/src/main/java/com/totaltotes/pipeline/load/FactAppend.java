package com.totaltotes.pipeline.load;

import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

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

  /** Runs the insert; returns the counts, with {@code staged} as given. */
  TableCounts apply(Connection c, long staged) throws SQLException {
    try (Statement s = c.createStatement()) {
      return new TableCounts(staged, s.executeUpdate(sql), 0);
    }
  }
}
