package com.totaltotes.pipeline.transform.mapping;

import com.totaltotes.pipeline.warehouse.WarehouseRow;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.time.temporal.IsoFields;
import java.util.Locale;
import java.util.Objects;

/**
 * Maps a calendar date that a fact references to its {@code dim_date} row: date_id, year, month,
 * day, day_of_week (ISO: Monday = 1 … Sunday = 7), day_name ({@code Monday}), month_name ({@code
 * January}) in English whatever the JVM's locale, quarter 1–4.
 */
public final class DimDateMapper {

  /** The {@code dim_date} row of that date. */
  public WarehouseRow map(LocalDate date) {
    Objects.requireNonNull(date, "date");
    return new WarehouseRowBuilder(WarehouseTable.DIM_DATE)
        .set("date_id", date)
        .set("year", date.getYear())
        .set("month", date.getMonthValue())
        .set("day", date.getDayOfMonth())
        .set("day_of_week", date.getDayOfWeek().getValue())
        .set("day_name", date.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH))
        .set("month_name", date.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH))
        .set("quarter", date.get(IsoFields.QUARTER_OF_YEAR))
        .build();
  }
}
