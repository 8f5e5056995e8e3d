package com.totaltotes.pipeline.load;

import com.totaltotes.pipeline.copy.CopyTextEncoder;
import com.totaltotes.pipeline.json.MalformedObjectException;
import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.parquet.ParquetTableReader;
import com.totaltotes.pipeline.warehouse.Column;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;

/**
 * The temporary table {@code stage_<table>} of one warehouse table, dropped at commit, filled from
 * the run's Parquet files by {@code COPY ... FROM STDIN} (text format, streamed: memory does not
 * grow with the file). It also numbers its rows in staging order ({@code stage_row}): when a run
 * holds a dimension key twice the row staged last wins; the bulk path gives a fact row the
 * surrogate key the per-row path would.
 */
final class StagingTable {
  static final String ROW_NUMBER = "stage_row";

  private final WarehouseTable table;
  private final String name;
  private final boolean numbered;

  /**
   * The staging table of {@code table}; {@code numbered}: with {@code stage_row} (a dimension's
   * always; a fact's on the bulk path, which gives it the surrogate key from it).
   */
  StagingTable(WarehouseTable table, boolean numbered) {
    this.table = table;
    this.numbered = numbered;
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

  /**
   * Streams one Parquet file into the staging table; returns the rows copied.
   *
   * @throws MalformedObjectException when the file is not a Parquet file of this table or holds
   *     another number of rows than its manifest entry says
   */
  long copy(Connection c, ParquetTableReader reader, String bucket, FileEntry file)
      throws SQLException {
    long read;
    long copied;
    try (CopyTextEncoder encoder =
        CopyTextEncoder.open(c, name, String.join(", ", table.columnNames()))) {
      try {
        read =
            reader.read(
                bucket,
                file,
                table,
                row -> {
                  try {
                    encoder.row(table.columns(), row);
                  } catch (SQLException e) {
                    throw new CopyFailed(e);
                  }
                });
        copied = encoder.finish();
      } catch (CopyFailed e) {
        throw e.getCause();
      }
    }
    if (read != file.rows() || copied != read) {
      throw new MalformedObjectException(
          "s3://"
              + bucket
              + "/"
              + file.key()
              + " holds "
              + read
              + " rows but its manifest entry says "
              + file.rows(),
          null);
    }
    return copied;
  }

  /** A failed write to the COPY stream (the server's error), through the row callback. */
  private static final class CopyFailed extends RuntimeException {
    CopyFailed(SQLException cause) {
      super(cause);
    }

    @Override
    public synchronized SQLException getCause() {
      return (SQLException) super.getCause();
    }
  }

  /** Column list for SQL that reads the staging table: the warehouse columns, in order. */
  static String columnList(WarehouseTable table) {
    return table.columns().stream().map(Column::name).collect(Collectors.joining(", "));
  }
}
