package com.totaltotes.pipeline.transform.mapping;

import com.totaltotes.pipeline.warehouse.Column;
import com.totaltotes.pipeline.warehouse.ColumnType;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The calendar dates a mapped row references: the values of its {@link ColumnType#DATE} columns
 * (for a fact: created_date, last_updated_date and its agreed or payment dates). The transform
 * emits a {@code dim_date} row for each, so every fact date has its dimension row.
 */
public final class FactDates {

  private FactDates() {}

  /**
   * Every date in a row mapped for that table, sorted, without duplicates or NULLs.
   *
   * @throws IllegalArgumentException if a date column holds something other than a {@link
   *     LocalDate} (the row was not mapped for that table)
   */
  public static SortedSet<LocalDate> datesOf(WarehouseTable table, Map<String, Object> row) {
    SortedSet<LocalDate> dates = new TreeSet<>();
    for (Column column : table.columns()) {
      if (column.type() != ColumnType.DATE) {
        continue;
      }
      Object value = row.get(column.name());
      if (value instanceof LocalDate date) {
        dates.add(date);
      } else if (value != null) {
        throw new IllegalArgumentException(
            table.tableName()
                + "."
                + column.name()
                + " holds no LocalDate but a "
                + value.getClass().getSimpleName());
      }
    }
    return Collections.unmodifiableSortedSet(dates);
  }
}
