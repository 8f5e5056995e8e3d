package com.totaltotes.pipeline.parquet;

import com.totaltotes.pipeline.warehouse.Column;
import com.totaltotes.pipeline.warehouse.WarehouseRow;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes warehouse rows ({@link WarehouseRow}: values in {@link WarehouseTable#columns()} order, of
 * the columns' Java types) straight to Parquet's record consumer: no Avro record or conversion per
 * value. The Parquet schema is the one the table's Avro schema ({@link WarehouseSchemas}) converts
 * to, and that Avro schema is kept in the footer as parquet-avro writes it, so readers see the same
 * file as before: int32, {@code DECIMAL(10,2)} as a 5-byte fixed, {@code DATE}, {@code
 * TIME(MILLIS)}, boolean and UTF-8 strings, optional only where the column is nullable.
 */
final class WarehouseWriteSupport extends WriteSupport<WarehouseRow> {
  private static final Map<WarehouseTable, MessageType> PARQUET_SCHEMAS =
      new EnumMap<>(WarehouseTable.class);

  static {
    AvroSchemaConverter converter = new AvroSchemaConverter(new PlainParquetConfiguration());
    for (WarehouseTable table : WarehouseTable.values()) {
      PARQUET_SCHEMAS.put(table, converter.convert(WarehouseSchemas.of(table)));
    }
  }

  /** The footer key parquet-avro stores the writer's Avro schema under. */
  private static final String AVRO_SCHEMA_KEY = "parquet.avro.schema";

  private static final int DECIMAL_BYTES = 5;
  private static final int DECIMAL_SCALE = 2;
  private static final int DECIMAL_PRECISION = 10;

  /** Hands one non-null value of a column's Java type to the record consumer. */
  @FunctionalInterface
  private interface ValueWriter {
    void write(RecordConsumer out, Object value);
  }

  private final WarehouseTable table;
  private final List<Column> columns;
  private final String[] names;

  /**
   * One small writer per column, chosen once: the per-row loop has no switch on the column type,
   * which kept the JIT recompiling one large method as tables with other column types came by.
   */
  private final ValueWriter[] writers;

  private RecordConsumer out;

  WarehouseWriteSupport(WarehouseTable table) {
    this.table = table;
    this.columns = table.columns();
    this.names = columns.stream().map(Column::name).toArray(String[]::new);
    this.writers = new ValueWriter[names.length];
    for (int i = 0; i < names.length; i++) {
      String name = names[i];
      writers[i] =
          switch (columns.get(i).type()) {
            case INT -> (out, value) -> out.addInteger((Integer) value);
            case DECIMAL_10_2 -> (out, value) -> out.addBinary(decimal((BigDecimal) value, name));
            case DATE ->
                (out, value) -> out.addInteger(Math.toIntExact(((LocalDate) value).toEpochDay()));
            case TIME_MILLIS ->
                (out, value) ->
                    out.addInteger((int) (((LocalTime) value).toNanoOfDay() / 1_000_000));
            case BOOLEAN -> (out, value) -> out.addBoolean((Boolean) value);
            case TEXT -> (out, value) -> out.addBinary(Binary.fromString((String) value));
          };
    }
  }

  /** The Parquet schema of a table's files. */
  static MessageType schemaOf(WarehouseTable table) {
    return PARQUET_SCHEMAS.get(table);
  }

  @Override
  public WriteContext init(Configuration configuration) {
    return context();
  }

  @Override
  public WriteContext init(ParquetConfiguration configuration) {
    return context();
  }

  private WriteContext context() {
    return new WriteContext(
        PARQUET_SCHEMAS.get(table), Map.of(AVRO_SCHEMA_KEY, WarehouseSchemas.of(table).toString()));
  }

  @Override
  public String getName() {
    return "totes-warehouse";
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.out = recordConsumer;
  }

  /**
   * Writes one row.
   *
   * @throws IllegalArgumentException when a value is not of its column's type, a non-nullable
   *     column is null, or a decimal does not fit {@code DECIMAL(10,2)} exactly (a mapping bug: the
   *     transform converts and checks every value before it gets here)
   */
  @Override
  public void write(WarehouseRow row) {
    out.startMessage();
    for (int i = 0; i < names.length; i++) {
      Object value = row.value(i);
      if (value == null) {
        if (!columns.get(i).nullable()) {
          throw new IllegalArgumentException(
              "NULL in non-nullable column " + table.tableName() + "." + names[i]);
        }
        continue;
      }
      out.startField(names[i], i);
      try {
        writers[i].write(out, value);
      } catch (ClassCastException e) {
        throw new IllegalArgumentException(
            table.tableName()
                + "."
                + names[i]
                + " ("
                + columns.get(i).type()
                + ") holds a "
                + value.getClass().getSimpleName(),
            e);
      }
      out.endField(names[i], i);
    }
    out.endMessage();
  }

  /** The unscaled value as the 5-byte big-endian two's complement Parquet's fixed decimal is. */
  private static Binary decimal(BigDecimal value, String column) {
    if (value.scale() != DECIMAL_SCALE || value.precision() > DECIMAL_PRECISION) {
      throw new IllegalArgumentException(
          column + " " + value.toPlainString() + " is not a DECIMAL(10,2) value");
    }
    long unscaled = value.unscaledValue().longValueExact();
    byte[] bytes = new byte[DECIMAL_BYTES];
    for (int b = DECIMAL_BYTES - 1; b >= 0; b--) {
      bytes[b] = (byte) unscaled;
      unscaled >>= 8;
    }
    return Binary.fromConstantByteArray(bytes);
  }
}
