package com.totaltotes.pipeline.load;

import com.totaltotes.pipeline.copy.CopyTextEncoder;
import com.totaltotes.pipeline.json.MalformedObjectException;
import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.parquet.ParquetTableReader;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Streams one Parquet file of a warehouse table into a relation with the table's columns by {@code
 * COPY ... FROM STDIN} (text format): a staging table, or on the bulk path the fact table itself.
 * Memory does not grow with the file.
 */
final class ParquetCopy {
  private ParquetCopy() {}

  /**
   * Copies {@code file} into {@code target} (a name built from {@link WarehouseTable}, never from
   * data); returns the rows copied.
   *
   * @throws MalformedObjectException when the file is not a Parquet file of {@code table} or holds
   *     another number of rows than its manifest entry says
   */
  static long copy(
      Connection c,
      String target,
      WarehouseTable table,
      ParquetTableReader reader,
      String bucket,
      FileEntry file)
      throws SQLException {
    long read;
    long copied;
    try (CopyTextEncoder encoder =
        CopyTextEncoder.open(c, target, String.join(", ", table.columnNames()))) {
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
}
