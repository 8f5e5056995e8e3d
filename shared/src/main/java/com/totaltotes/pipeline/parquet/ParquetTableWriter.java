package com.totaltotes.pipeline.parquet;

import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.storage.ObjectOutput;
import com.totaltotes.pipeline.storage.ObjectStore;
import com.totaltotes.pipeline.warehouse.Column;
import com.totaltotes.pipeline.warehouse.ColumnType;
import com.totaltotes.pipeline.warehouse.WarehouseRow;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * Streams the rows of one warehouse table into one Parquet object (Snappy, written by {@link
 * WarehouseWriteSupport}), through parquet's {@link OutputFile} (no Hadoop FileSystem). Memory is
 * bounded by the row group size plus the store's upload part.
 */
public final class ParquetTableWriter implements AutoCloseable {
  /** Row groups are flushed at this size, keeping memory flat on large tables. */
  public static final long ROW_GROUP_BYTES = 16L * 1024 * 1024;

  private final WarehouseTable table;
  private final String key;
  private final List<Column> columns;
  private final ObjectOutput object;
  private final ParquetWriter<WarehouseRow> writer;
  private long rows;
  private boolean done;

  public ParquetTableWriter(ObjectStore store, String bucket, String key, WarehouseTable table) {
    this.table = table;
    this.key = key;
    this.columns = table.columns();
    this.object = store.create(bucket, key);
    try {
      Builder builder =
          new Builder(new StoreOutputFile(object), table)
              .withConf(new PlainParquetConfiguration())
              .withCompressionCodec(CompressionCodecName.SNAPPY)
              .withRowGroupSize(ROW_GROUP_BYTES)
              .withWriteMode(ParquetFileWriter.Mode.OVERWRITE);
      for (String column : withoutDictionary(table)) {
        builder = builder.withDictionaryEncoding(column, false);
      }
      this.writer = builder.build();
    } catch (IOException e) {
      object.abort();
      throw new UncheckedIOException("cannot start Parquet file " + key, e);
    }
  }

  /**
   * Appends one mapped row (column name → value of the column's Java type); a {@link WarehouseRow}
   * of this table is written from its positions.
   */
  public void write(Map<String, Object> row) {
    WarehouseRow positional;
    if (row instanceof WarehouseRow w && w.table() == table) {
      positional = w; // written from its own array, no copy
    } else {
      Object[] values = new Object[columns.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = row.get(columns.get(i).name());
      }
      positional = new WarehouseRow(table, values);
    }
    try {
      writer.write(positional);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + table.tableName() + " row to " + key, e);
    }
    rows++;
  }

  public long rows() {
    return rows;
  }

  /** Writes the footer, stores the object and returns its manifest entry. */
  public FileEntry finish() {
    try {
      writer.close();
      object.close();
      done = true;
      return FileEntry.withCrc32c(key, rows, object.size(), object.crc32c());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot finish Parquet file " + key, e);
    }
  }

  /** Discards the object unless {@link #finish()} stored it. */
  @Override
  public void close() {
    if (!done) {
      object.abort();
    }
  }

  /**
   * The columns whose values are nearly all distinct, so a dictionary would only grow until Parquet
   * falls back to plain encoding (the dictionary's hash map was a third of the writer's time): the
   * table's own id (its first column) and the times of day. Dates, references, text and money keep
   * their dictionaries.
   */
  static List<String> withoutDictionary(WarehouseTable table) {
    List<String> plain = new ArrayList<>();
    plain.add(table.columns().get(0).name());
    for (Column column : table.columns()) {
      if (column.type() == ColumnType.TIME_MILLIS) {
        plain.add(column.name());
      }
    }
    return plain;
  }

  /** A Parquet writer of warehouse rows through {@link WarehouseWriteSupport}. */
  private static final class Builder extends ParquetWriter.Builder<WarehouseRow, Builder> {
    private final WarehouseTable table;

    Builder(OutputFile file, WarehouseTable table) {
      super(file);
      this.table = table;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<WarehouseRow> getWriteSupport(Configuration conf) {
      return new WarehouseWriteSupport(table);
    }

    @Override
    protected WriteSupport<WarehouseRow> getWriteSupport(ParquetConfiguration conf) {
      return new WarehouseWriteSupport(table);
    }
  }

  private record StoreOutputFile(ObjectOutput object) implements OutputFile {
    @Override
    public PositionOutputStream create(long blockSizeHint) {
      return new PositionOutputStream() {
        private long pos;

        @Override
        public long getPos() {
          return pos;
        }

        @Override
        public void write(int b) throws IOException {
          object.write(b);
          pos++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          object.write(b, off, len);
          pos += len;
        }

        @Override
        public void close() {
          // the object is stored by finish(), not by the Parquet writer
        }
      };
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
      return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }
  }
}
