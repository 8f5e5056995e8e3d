package com.totaltotes.pipeline.parquet;

import com.totaltotes.pipeline.warehouse.Column;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.util.EnumMap;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;

/**
 * The Avro schemas through which the warehouse tables are written to Parquet: int32, {@code
 * DECIMAL(10,2)} (5-byte fixed), {@code DATE}, {@code TIME(MILLIS)}, boolean and UTF-8 string
 * columns, optional only where the warehouse column is nullable.
 */
public final class WarehouseSchemas {
  private static final Map<WarehouseTable, Schema> SCHEMAS = new EnumMap<>(WarehouseTable.class);

  static {
    for (WarehouseTable table : WarehouseTable.values()) {
      SchemaBuilder.FieldAssembler<Schema> fields =
          SchemaBuilder.record(table.tableName()).namespace("totes.warehouse").fields();
      for (Column column : table.columns()) {
        Schema type = typeOf(column);
        if (column.nullable()) {
          fields =
              fields
                  .name(column.name())
                  .type(Schema.createUnion(Schema.create(Schema.Type.NULL), type))
                  .withDefault(null);
        } else {
          fields = fields.name(column.name()).type(type).noDefault();
        }
      }
      SCHEMAS.put(table, fields.endRecord());
    }
  }

  private WarehouseSchemas() {}

  public static Schema of(WarehouseTable table) {
    return SCHEMAS.get(table);
  }

  /** A data model that converts BigDecimal, LocalDate and LocalTime to and from Parquet. */
  public static GenericData model() {
    GenericData model = new GenericData();
    model.addLogicalTypeConversion(new Conversions.DecimalConversion());
    model.addLogicalTypeConversion(new TimeConversions.DateConversion());
    model.addLogicalTypeConversion(new TimeConversions.TimeMillisConversion());
    return model;
  }

  private static Schema typeOf(Column column) {
    return switch (column.type()) {
      case INT -> Schema.create(Schema.Type.INT);
      case DECIMAL_10_2 ->
          LogicalTypes.decimal(10, 2)
              .addToSchema(
                  Schema.createFixed("decimal_10_2_" + column.name(), null, "totes.warehouse", 5));
      case DATE -> LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
      case TIME_MILLIS -> LogicalTypes.timeMillis().addToSchema(Schema.create(Schema.Type.INT));
      case BOOLEAN -> Schema.create(Schema.Type.BOOLEAN);
      case TEXT -> Schema.create(Schema.Type.STRING);
    };
  }
}
