package com.totaltotes.pipeline.parquet;

import com.totaltotes.pipeline.copy.CopyTextEncoder;
import com.totaltotes.pipeline.json.MalformedObjectException;
import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.storage.ObjectStore;
import com.totaltotes.pipeline.storage.VerifiedInput;
import com.totaltotes.pipeline.warehouse.Column;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;

/**
 * Reads one warehouse table's Parquet object: as COPY text for the load ({@link #copyText}), or
 * back as rows of Java values (Integer, BigDecimal, LocalDate, LocalTime, Boolean, String) in the
 * table's column order ({@link #read}, through parquet-avro: for checking what was written).
 * Parquet needs random access (the footer is at the end), so the object is first copied to a
 * temporary file.
 */
public final class ParquetTableReader {
  private final ObjectStore store;
  private final Path tempDir;

  public ParquetTableReader(ObjectStore store, Path tempDir) {
    this.store = store;
    this.tempDir = tempDir;
  }

  /**
   * Streams every row of {@code key} to {@code sink}; returns the row count.
   *
   * @throws MalformedObjectException when the object is not a Parquet file of this table
   */
  public long read(String bucket, String key, WarehouseTable table, Consumer<Object[]> sink) {
    return unwrapped(() -> values(bucket, key, table, sink));
  }

  /** Rethrows the caller's own failure as it was thrown. */
  private static long unwrapped(LongSupplier read) {
    try {
      return read.getAsLong();
    } catch (SinkFailure e) {
      throw (RuntimeException) e.getCause();
    }
  }

  /**
   * Encodes every row of a file listed in a manifest as COPY text into {@code encoder} ({@link
   * CopyTextReadSupport}: no Avro record or Java object per value), after checking its byte count
   * and checksum against the entry; returns the row count. Does not finish the encoder.
   *
   * @throws MalformedObjectException when the object does not match its entry, is not a Parquet
   *     file of this table (its schema included) or holds a value the table's column cannot take
   * @throws SQLException when the encoder's sink fails
   */
  public long copyText(
      String bucket, FileEntry entry, WarehouseTable table, CopyTextEncoder encoder)
      throws SQLException {
    try {
      return withLocalCopy(
          bucket,
          entry.key(),
          entry,
          table,
          file -> {
            long rows = 0;
            try (ParquetReader<Object> reader =
                new CopyTextReader(file, new CopyTextReadSupport(table, encoder)).build()) {
              while (reader.read() != null) {
                rows++;
              }
            }
            return rows;
          });
    } catch (SinkFailure e) {
      throw (SQLException) e.getCause();
    }
  }

  private long values(String bucket, String key, WarehouseTable table, Consumer<Object[]> sink) {
    List<Column> columns = table.columns();
    return withLocalCopy(
        bucket,
        key,
        null,
        table,
        file -> {
          long rows = 0;
          try (ParquetReader<GenericRecord> reader =
              AvroParquetReader.<GenericRecord>builder(file, new PlainParquetConfiguration())
                  .withDataModel(WarehouseSchemas.model())
                  .build()) {
            for (GenericRecord r; (r = reader.read()) != null; ) {
              Object[] values = new Object[columns.size()];
              for (int i = 0; i < values.length; i++) {
                Object v = r.get(columns.get(i).name());
                values[i] = v instanceof Utf8 || v instanceof CharSequence ? v.toString() : v;
              }
              try {
                sink.accept(values);
              } catch (RuntimeException e) {
                throw new SinkFailure(e);
              }
              rows++;
            }
          }
          return rows;
        });
  }

  /** Reads a local Parquet file; returns its row count. */
  @FunctionalInterface
  private interface LocalRead {
    long read(InputFile file) throws IOException;
  }

  /**
   * Copies the object to a temporary file (Parquet needs random access: the footer is at the end),
   * checking it against {@code entry} when there is one, and reads it; a failure of the read that
   * is not the caller's becomes a {@link MalformedObjectException} naming the object.
   */
  private long withLocalCopy(
      String bucket, String key, FileEntry entry, WarehouseTable table, LocalRead read) {
    Path file = null;
    try {
      file = Files.createTempFile(tempDir, "totes-", ".parquet");
      try (InputStream in = store.open(bucket, key)) {
        if (entry == null) {
          Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        } else {
          VerifiedInput verified = new VerifiedInput(in, entry, "s3://" + bucket + "/" + key);
          Files.copy(verified, file, StandardCopyOption.REPLACE_EXISTING);
          verified.verify();
        }
      }
      try {
        return read.read(new LocalInputFile(file));
      } catch (RuntimeException | IOException e) {
        // the caller's failure is not the file's fault; Parquet wraps what a converter throws
        for (Throwable t = e; t != null; t = t.getCause()) {
          if (t instanceof SinkFailure failure) {
            throw failure;
          }
        }
        throw new MalformedObjectException(
            "s3://"
                + bucket
                + "/"
                + key
                + " is not a readable "
                + table.tableName()
                + " Parquet file: "
                + e.getMessage(),
            e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read s3://" + bucket + "/" + key, e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // a temporary file; the OS cleans up what we could not
        }
      }
    }
  }

  /** A Parquet reader over a local file with a read support of our own. */
  private static final class CopyTextReader extends ParquetReader.Builder<Object> {
    private final ReadSupport<Object> support;

    CopyTextReader(InputFile file, ReadSupport<Object> support) {
      super(file, new PlainParquetConfiguration());
      this.support = support;
    }

    @Override
    protected ReadSupport<Object> getReadSupport() {
      return support;
    }
  }

  /**
   * Carries a failure of the caller's sink (a RuntimeException of {@link #read}'s, the encoder's
   * SQLException of {@link #copyText}) past the handler for malformed files.
   */
  static final class SinkFailure extends RuntimeException {
    SinkFailure(Exception cause) {
      super(cause);
    }
  }
}
