package com.totaltotes.pipeline.transform.mapping;

import static com.totaltotes.pipeline.transform.mapping.SourceRows.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class DimDateMapperTest {
  private final DimDateMapper mapper = new DimDateMapper();

  @Test
  void mapsASundayAsIsoDaySeven() {
    LocalDate sunday = LocalDate.of(2022, 11, 6);

    assertThat(mapper.map(sunday))
        .containsExactlyEntriesOf(
            row()
                .set("date_id", sunday)
                .set("year", 2022)
                .set("month", 11)
                .set("day", 6)
                .set("day_of_week", 7)
                .set("day_name", "Sunday")
                .set("month_name", "November")
                .set("quarter", 4));
  }

  @Test
  void mapsLeapDayToFebruaryInTheFirstQuarter() {
    LocalDate leapDay = LocalDate.of(2024, 2, 29);

    assertThat(mapper.map(leapDay))
        .containsExactlyEntriesOf(
            row()
                .set("date_id", leapDay)
                .set("year", 2024)
                .set("month", 2)
                .set("day", 29)
                .set("day_of_week", 4)
                .set("day_name", "Thursday")
                .set("month_name", "February")
                .set("quarter", 1));
  }

  @Test
  void mapsAMondayAsIsoDayOneAndAprilToTheSecondQuarter() {
    LocalDate monday = LocalDate.of(2024, 4, 1);

    assertThat(mapper.map(monday))
        .containsExactlyEntriesOf(
            row()
                .set("date_id", monday)
                .set("year", 2024)
                .set("month", 4)
                .set("day", 1)
                .set("day_of_week", 1)
                .set("day_name", "Monday")
                .set("month_name", "April")
                .set("quarter", 2));
  }

  @Test
  void namesDaysAndMonthsInEnglishWhateverTheDefaultLocale() {
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY);
    try {
      assertThat(mapper.map(LocalDate.of(2023, 12, 31)))
          .containsEntry("day_name", "Sunday")
          .containsEntry("month_name", "December")
          .containsEntry("quarter", 4);
    } finally {
      Locale.setDefault(before);
    }
  }
}
