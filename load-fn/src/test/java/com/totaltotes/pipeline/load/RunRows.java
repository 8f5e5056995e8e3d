package com.totaltotes.pipeline.load;

import static com.totaltotes.pipeline.warehouse.WarehouseTable.DIM_DATE;

import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The rows of one processed run, per warehouse table, values in column order. */
final class RunRows {
  private final Map<WarehouseTable, List<Object[]>> rows = new EnumMap<>(WarehouseTable.class);

  RunRows add(WarehouseTable table, Object... values) {
    if (values.length != table.columns().size()) {
      throw new IllegalArgumentException(table + " takes " + table.columns().size() + " values");
    }
    rows.computeIfAbsent(table, t -> new ArrayList<>()).add(values);
    return this;
  }

  /** Adds the dim_date row of each date, as the transform derives it. */
  RunRows dates(LocalDate... dates) {
    for (LocalDate d : dates) {
      add(
          DIM_DATE,
          d,
          d.getYear(),
          d.getMonthValue(),
          d.getDayOfMonth(),
          d.getDayOfWeek().getValue(),
          d.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH),
          d.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH),
          (d.getMonthValue() - 1) / 3 + 1);
    }
    return this;
  }

  Map<WarehouseTable, List<Object[]>> asMap() {
    return rows;
  }

  List<Object[]> of(WarehouseTable table) {
    return rows.getOrDefault(table, List.of());
  }

  /** The rows of {@code table} as lists, for comparing with what the warehouse holds. */
  List<List<Object>> listsOf(WarehouseTable table) {
    return of(table).stream().map(Arrays::asList).toList();
  }
}
