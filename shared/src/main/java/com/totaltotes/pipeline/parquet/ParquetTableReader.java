package com.totaltotes.pipeline.parquet;

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
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;

/**
 * Reads one warehouse table's Parquet object back as rows of Java values (Integer, BigDecimal,
 * LocalDate, LocalTime, Boolean, String) in the table's column order. Parquet needs random access
 * (the footer is at the end), so the object is first copied to a temporary file.
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
    return read(bucket, key, null, table, sink);
  }

  /**
   * Streams every row of a file listed in a manifest to {@code sink}, after checking its byte count
   * and SHA-256 against the entry; returns the row count.
   *
   * @throws MalformedObjectException when the object does not match its entry or is not a Parquet
   *     file of this table
   */
  public long read(String bucket, FileEntry entry, WarehouseTable table, Consumer<Object[]> sink) {
    return read(bucket, entry.key(), entry, table, sink);
  }

  private long read(
      String bucket, String key, FileEntry entry, WarehouseTable table, Consumer<Object[]> sink) {
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
      List<Column> columns = table.columns();
      long rows = 0;
      try (ParquetReader<GenericRecord> reader =
          AvroParquetReader.<GenericRecord>builder(
                  new LocalInputFile(file), new PlainParquetConfiguration())
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
      } catch (SinkFailure e) {
        throw (RuntimeException) e.getCause();
      } catch (RuntimeException | IOException e) {
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
      return rows;
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

  /** Carries a failure of the caller's sink past the handler for malformed files. */
  private static final class SinkFailure extends RuntimeException {
    SinkFailure(RuntimeException cause) {
      super(cause);
    }
  }
}
