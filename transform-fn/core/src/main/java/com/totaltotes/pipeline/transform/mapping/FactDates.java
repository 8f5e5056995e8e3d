package com.totaltotes.pipeline.transform.mapping;

import com.totaltotes.pipeline.warehouse.ColumnType;
import com.totaltotes.pipeline.warehouse.WarehouseRow;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.time.LocalDate;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * The calendar dates mapped rows reference: the values of their {@link ColumnType#DATE} columns
 * (for a fact: created_date, last_updated_date and its agreed or payment dates). The transform
 * emits a {@code dim_date} row for each, so every fact date has its dimension row. One instance
 * gathers the dates of one table's rows.
 */
public final class FactDates {
  private final WarehouseTable table;
  private final int[] dateColumns;

  /** The dates seen, as bits at their epoch day's distance from 0001-01-01 (cheaper than a set). */
  private final BitSet days = new BitSet();

  private static final long FIRST_DAY = LocalDate.of(1, 1, 1).toEpochDay();
  private static final long LAST_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

  /** Dates outside years 1..9999, which the mapping rejects before they get here. */
  private final Set<LocalDate> outside = new HashSet<>();

  public FactDates(WarehouseTable table) {
    this.table = table;
    this.dateColumns =
        IntStream.range(0, table.columns().size())
            .filter(i -> table.columns().get(i).type() == ColumnType.DATE)
            .toArray();
  }

  /**
   * Every date in a row mapped for that table, sorted, without duplicates or NULLs.
   *
   * @throws IllegalArgumentException if a date column holds something other than a {@link
   *     LocalDate} (the row was not mapped for that table)
   */
  public static SortedSet<LocalDate> datesOf(WarehouseTable table, Map<String, Object> row) {
    FactDates dates = new FactDates(table);
    dates.add(row);
    return Collections.unmodifiableSortedSet(new TreeSet<>(dates.dates()));
  }

  /**
   * Adds the dates of a row mapped for this table.
   *
   * @throws IllegalArgumentException if a date column holds something other than a {@link
   *     LocalDate}
   */
  public void add(Map<String, Object> row) {
    WarehouseRow positional = row instanceof WarehouseRow w && w.table() == table ? w : null;
    for (int i : dateColumns) {
      Object value =
          positional != null ? positional.value(i) : row.get(table.columns().get(i).name());
      if (value instanceof LocalDate date) {
        long day = date.toEpochDay();
        if (day >= FIRST_DAY && day <= LAST_DAY) {
          days.set((int) (day - FIRST_DAY));
        } else {
          outside.add(date);
        }
      } else if (value != null) {
        throw new IllegalArgumentException(
            table.tableName()
                + "."
                + table.columns().get(i).name()
                + " holds no LocalDate but a "
                + value.getClass().getSimpleName());
      }
    }
  }

  /** The dates added so far, without duplicates. */
  public Set<LocalDate> dates() {
    Set<LocalDate> dates = new HashSet<>(outside);
    days.stream().forEach(day -> dates.add(LocalDate.ofEpochDay(FIRST_DAY + day)));
    return dates;
  }
}
