package com.totaltotes.pipeline.transform.mapping;

import com.totaltotes.pipeline.warehouse.WarehouseRow;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.util.Objects;

/**
 * Builds one warehouse row of one table from one source row, converting every value by the table's
 * column definitions ({@link ColumnValues#toColumn}). {@link #build()} returns the row in warehouse
 * column order, or the first conversion has already thrown {@link RowRejectedException}: a partial
 * row never escapes.
 */
final class WarehouseRowBuilder {
  private final WarehouseTable table;
  private final SourceRow source; // null: every value comes through set
  private final Object[] values;
  private final boolean[] isSet;

  /** A row whose values all come through {@link #set}. */
  WarehouseRowBuilder(WarehouseTable table) {
    this.table = Objects.requireNonNull(table, "table");
    this.source = null;
    this.values = new Object[table.columns().size()];
    this.isSet = new boolean[values.length];
  }

  /** A row copied from one source row. */
  WarehouseRowBuilder(WarehouseTable table, SourceRow source) {
    this.table = Objects.requireNonNull(table, "table");
    this.source = Objects.requireNonNull(source, "source row");
    this.values = new Object[table.columns().size()];
    this.isSet = new boolean[values.length];
  }

  /** Sets a warehouse column to a value, converted and checked against its definition. */
  WarehouseRowBuilder set(String column, Object value) {
    int i = table.requireIndex(column);
    values[i] = ColumnValues.toColumn(table.columns().get(i), value);
    isSet[i] = true;
    return this;
  }

  /** Copies the source column of the same name. */
  WarehouseRowBuilder copy(String column) {
    return copy(column, column);
  }

  /** Copies a source column into a warehouse column of another name. */
  WarehouseRowBuilder copy(String sourceColumn, String column) {
    if (source == null) {
      throw new IllegalStateException("a row built without a source row copies nothing");
    }
    return copy(source, sourceColumn, column);
  }

  /** Copies a column of a joined source row (a staff's department, say) into a warehouse column. */
  WarehouseRowBuilder copy(SourceRow joined, String sourceColumn, String column) {
    return set(column, ColumnValues.sourceValue(joined, sourceColumn));
  }

  /**
   * The row, in the table's column order, unmodifiable (nullable columns may hold null).
   *
   * @throws IllegalStateException if the mapper never set one of the table's columns (a bug)
   */
  WarehouseRow build() {
    for (int i = 0; i < values.length; i++) {
      if (!isSet[i]) {
        throw new IllegalStateException(
            table.tableName() + " mapping never set " + table.columnNames().get(i));
      }
    }
    return new WarehouseRow(table, values.clone());
  }
}
