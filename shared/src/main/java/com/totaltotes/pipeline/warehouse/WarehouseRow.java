package com.totaltotes.pipeline.warehouse;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * One row of a warehouse table: its values in the table's column order, read by column name like an
 * unmodifiable map (iteration in column order; values may be null) or by position ({@link
 * #value(int)}), which the Parquet writer uses. One array per row instead of a hash map per row.
 */
public final class WarehouseRow extends AbstractMap<String, Object> {
  private final WarehouseTable table;
  private final Object[] values;

  /** {@code values} in {@link WarehouseTable#columns()} order; the array is not copied. */
  public WarehouseRow(WarehouseTable table, Object[] values) {
    this.table = Objects.requireNonNull(table, "table");
    if (values.length != table.columns().size()) {
      throw new IllegalArgumentException(
          table.tableName() + " has " + table.columns().size() + " columns, not " + values.length);
    }
    this.values = values;
  }

  public WarehouseTable table() {
    return table;
  }

  /** The value of the column at {@code index} in {@link WarehouseTable#columns()}. */
  public Object value(int index) {
    return values[index];
  }

  @Override
  public Object get(Object column) {
    int i = column instanceof String name ? table.indexOf(name) : -1;
    return i < 0 ? null : values[i];
  }

  @Override
  public boolean containsKey(Object column) {
    return column instanceof String name && table.indexOf(name) >= 0;
  }

  @Override
  public int size() {
    return values.length;
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, Object>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < values.length;
          }

          @Override
          public Entry<String, Object> next() {
            if (next >= values.length) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new SimpleImmutableEntry<>(table.columnNames().get(i), values[i]);
          }
        };
      }

      @Override
      public int size() {
        return values.length;
      }
    };
  }
}
