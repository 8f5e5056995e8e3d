package com.totaltotes.pipeline.load;

import com.totaltotes.pipeline.json.MalformedObjectException;
import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.parquet.ParquetTableReader;
import com.totaltotes.pipeline.warehouse.Column;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * The temporary table {@code stage_<table>} of one warehouse table, dropped at commit, filled from
 * the run's Parquet files by {@code COPY ... FROM STDIN} (text format, streamed: memory does not
 * grow with the file). A dimension's staging table also numbers its rows ({@code stage_row}), so
 * that when a run holds one key twice the row staged last wins.
 */
final class StagingTable {
  static final String ROW_NUMBER = "stage_row";
  private static final int BUFFER = 1 << 16;

  private final WarehouseTable table;
  private final String name;

  StagingTable(WarehouseTable table) {
    this.table = table;
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
    String rowNumber = table.isFact() ? "" : ROW_NUMBER + " bigint generated always as identity, ";
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
    String columns = String.join(", ", table.columnNames());
    CopyIn copy =
        c.unwrap(PGConnection.class)
            .getCopyAPI()
            .copyIn("copy " + name + " (" + columns + ") from stdin");
    PGCopyOutputStream stream = new PGCopyOutputStream(copy, BUFFER);
    CopyTextRow encoder = new CopyTextRow(table.columns());
    Writer out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), BUFFER);
    long read;
    long copied;
    try {
      read =
          reader.read(
              bucket,
              file,
              table,
              row -> {
                try {
                  encoder.write(row, out);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      out.flush();
      copied = stream.endCopy();
    } catch (IOException | RuntimeException e) {
      cancel(copy, e);
      throw serverError(e);
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

  /** Ends an unfinished COPY so that the transaction can be rolled back. */
  private static void cancel(CopyIn copy, Exception failure) {
    if (copy.isActive()) {
      try {
        copy.cancelCopy();
      } catch (SQLException e) {
        failure.addSuppressed(e);
      }
    }
  }

  /**
   * A write to the COPY stream fails with an IOException whose cause is the server's SQLException
   * (e.g. a value the column rejects): rethrow that, as the interesting failure.
   */
  private static RuntimeException serverError(Exception e) throws SQLException {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        throw sql;
      }
    }
    return e instanceof RuntimeException r ? r : new UncheckedIOException((IOException) e);
  }

  /** Column list for SQL that reads the staging table: the warehouse columns, in order. */
  static String columnList(WarehouseTable table) {
    return table.columns().stream().map(Column::name).collect(Collectors.joining(", "));
  }
}
