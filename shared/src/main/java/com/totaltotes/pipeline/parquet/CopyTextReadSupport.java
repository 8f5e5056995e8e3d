package com.totaltotes.pipeline.parquet;

import com.totaltotes.pipeline.copy.CopyTextEncoder;
import com.totaltotes.pipeline.warehouse.Column;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;

/**
 * Reads a warehouse table's Parquet file straight into COPY text: each column's values land in a
 * primitive slot of the row (an int, the unscaled long of a {@code DECIMAL(10,2)}, the bytes of a
 * string), and the row is encoded when it ends, in column order, with {@code \N} for a value the
 * file does not hold. No Avro record, boxed value, {@code BigDecimal}, {@code LocalDate} or {@code
 * String} per value. The file must have exactly the schema {@link WarehouseWriteSupport} writes for
 * the table (the same as parquet-avro's for {@link WarehouseSchemas}); any other is refused.
 */
final class CopyTextReadSupport extends ReadSupport<Object> {
  /** What the reader returns per row: the row itself went to the encoder. */
  static final Object ROW = new Object();

  private final WarehouseTable table;
  private final CopyTextEncoder encoder;

  CopyTextReadSupport(WarehouseTable table, CopyTextEncoder encoder) {
    this.table = table;
    this.encoder = encoder;
  }

  @Override
  public ReadContext init(InitContext context) {
    MessageType expected = WarehouseWriteSupport.schemaOf(table);
    if (!expected.equals(context.getFileSchema())) {
      throw new IllegalArgumentException(
          "its schema is not the "
              + table.tableName()
              + " schema: "
              + context.getFileSchema()
              + " instead of "
              + expected);
    }
    return new ReadContext(expected);
  }

  @Override
  public RecordMaterializer<Object> prepareForRead(
      Configuration configuration,
      Map<String, String> keyValueMetaData,
      MessageType fileSchema,
      ReadContext readContext) {
    return new Rows(table, encoder);
  }

  @Override
  public RecordMaterializer<Object> prepareForRead(
      ParquetConfiguration configuration,
      Map<String, String> keyValueMetaData,
      MessageType fileSchema,
      ReadContext readContext) {
    return new Rows(table, encoder);
  }

  /** The row being read, as primitive slots per column, encoded when it ends. */
  private static final class Rows extends RecordMaterializer<Object> {
    private final Row row;

    Rows(WarehouseTable table, CopyTextEncoder encoder) {
      this.row = new Row(table, encoder);
    }

    @Override
    public Object getCurrentRecord() {
      return ROW;
    }

    @Override
    public GroupConverter getRootConverter() {
      return row;
    }
  }

  private static final class Row extends GroupConverter {
    private static final int DECIMAL_BYTES = 5;

    private final String table;
    private final List<Column> columns;
    private final CopyTextEncoder encoder;
    private final PrimitiveConverter[] converters;
    private final boolean[] present;
    private final long[] numbers;
    private final Binary[] texts;

    Row(WarehouseTable table, CopyTextEncoder encoder) {
      this.table = table.tableName();
      this.columns = table.columns();
      this.encoder = encoder;
      int n = columns.size();
      this.present = new boolean[n];
      this.numbers = new long[n];
      this.texts = new Binary[n];
      this.converters = new PrimitiveConverter[n];
      for (int i = 0; i < n; i++) {
        int at = i;
        converters[i] =
            switch (columns.get(i).type()) {
              case INT, DATE, TIME_MILLIS ->
                  new PrimitiveConverter() {
                    @Override
                    public void addInt(int value) {
                      numbers[at] = value;
                      present[at] = true;
                    }
                  };
              case DECIMAL_10_2 ->
                  new PrimitiveConverter() {
                    @Override
                    public void addBinary(Binary value) {
                      numbers[at] = unscaled(value);
                      present[at] = true;
                    }
                  };
              case BOOLEAN ->
                  new PrimitiveConverter() {
                    @Override
                    public void addBoolean(boolean value) {
                      numbers[at] = value ? 1 : 0;
                      present[at] = true;
                    }
                  };
              case TEXT ->
                  new PrimitiveConverter() {
                    @Override
                    public void addBinary(Binary value) {
                      texts[at] = value;
                      present[at] = true;
                    }
                  };
            };
      }
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return converters[fieldIndex];
    }

    @Override
    public void start() {
      java.util.Arrays.fill(present, false);
    }

    /**
     * Encodes the row.
     *
     * @throws IllegalArgumentException when a NOT NULL column has no value, a date's year is
     *     outside 0 to 9999 or a time is outside the day
     */
    @Override
    public void end() {
      for (int i = 0; i < present.length; i++) {
        if (!present[i]) {
          if (!columns.get(i).nullable()) {
            throw new IllegalArgumentException(
                "column " + columns.get(i).name() + " is NOT NULL but the value is null");
          }
          encoder.nullValue();
          continue;
        }
        switch (columns.get(i).type()) {
          case INT -> encoder.integer(numbers[i]);
          case DECIMAL_10_2 -> encoder.cents(numbers[i]);
          case DATE -> encoder.date(numbers[i]);
          case TIME_MILLIS -> encoder.timeMillis((int) numbers[i]);
          case BOOLEAN -> encoder.bool(numbers[i] != 0);
          case TEXT -> {
            byte[] bytes = texts[i].getBytesUnsafe();
            encoder.utf8(bytes, 0, bytes.length);
          }
        }
      }
      try {
        encoder.endRow();
      } catch (SQLException e) {
        throw new ParquetTableReader.SinkFailure(e);
      }
    }

    /** The unscaled value of a 5-byte big-endian two's-complement {@code DECIMAL(10,2)}. */
    private long unscaled(Binary value) {
      if (value.length() != DECIMAL_BYTES) {
        throw new IllegalArgumentException(
            "a DECIMAL(10,2) of " + value.length() + " bytes in " + table);
      }
      byte[] bytes = value.getBytesUnsafe();
      long v = bytes[0]; // sign-extended
      for (int b = 1; b < DECIMAL_BYTES; b++) {
        v = (v << 8) | (bytes[b] & 0xff);
      }
      return v;
    }
  }
}
