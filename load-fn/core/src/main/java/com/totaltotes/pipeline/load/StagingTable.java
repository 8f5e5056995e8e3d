package com.totaltotes.pipeline.load;

import com.totaltotes.pipeline.warehouse.Column;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;

/**
 * The temporary table {@code stage_<table>} of one warehouse table, dropped at commit, filled from
 * the run's Parquet files ({@link CopyAhead}). A dimension's also numbers its rows in staging order
 * ({@code stage_row}): when a run holds a dimension key twice the row staged last wins. (On the
 * bulk path a fact's rows are not staged: they are copied straight into the fact table, {@link
 * FactKeys}.)
 */
final class StagingTable {
  static final String ROW_NUMBER = "stage_row";

  private final WarehouseTable table;
  private final String name;
  private final boolean numbered;

  /** The staging table of {@code table}. */
  StagingTable(WarehouseTable table) {
    this.table = table;
    this.numbered = !table.isFact();
    this.name = "stage_" + table.tableName();
  }

  String name() {
    return name;
  }

  /** Creates the empty staging table, with the warehouse columns' types and nullability. */
  void create(Connection c) throws SQLException {
    String columns =
        table.columns().stream()
            .map(
                col ->
                    col.name() + " " + col.type().sqlType() + (col.nullable() ? "" : " not null"))
            .collect(Collectors.joining(", "));
    String rowNumber = numbered ? ROW_NUMBER + " bigint generated always as identity, " : "";
    try (Statement s = c.createStatement()) {
      s.execute("create temporary table " + name + " (" + rowNumber + columns + ") on commit drop");
    }
  }

  /** Column list for SQL that reads the staging table: the warehouse columns, in order. */
  static String columnList(WarehouseTable table) {
    return table.columns().stream().map(Column::name).collect(Collectors.joining(", "));
  }
}
