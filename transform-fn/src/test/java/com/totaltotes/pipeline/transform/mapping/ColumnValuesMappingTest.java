package com.totaltotes.pipeline.transform.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.totaltotes.pipeline.warehouse.Column;
import com.totaltotes.pipeline.warehouse.ColumnType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The conversions every mapper shares (tests of {@link ColumnValues}). */
class ColumnValuesMappingTest {

  @Test
  void keepsMoneyExactAtScaleTwoFromEveryExactNumberType() {
    assertThat(ColumnValues.toMoney("m", new BigDecimal("99999999.99")))
        .isEqualTo(new BigDecimal("99999999.99"));
    assertThat(ColumnValues.toMoney("m", new BigDecimal("-99999999.99")))
        .isEqualTo(new BigDecimal("-99999999.99"));
    assertThat(ColumnValues.toMoney("m", new BigDecimal("0.01"))).isEqualTo(new BigDecimal("0.01"));
    assertThat(ColumnValues.toMoney("m", new BigDecimal("0.1"))).isEqualTo(new BigDecimal("0.10"));
    assertThat(ColumnValues.toMoney("m", new BigDecimal("7.500")))
        .isEqualTo(new BigDecimal("7.50"));
    assertThat(ColumnValues.toMoney("m", 5)).isEqualTo(new BigDecimal("5.00"));
    assertThat(ColumnValues.toMoney("m", 12L)).isEqualTo(new BigDecimal("12.00"));
    assertThat(ColumnValues.toMoney("m", BigInteger.TEN)).isEqualTo(new BigDecimal("10.00"));
  }

  @Test
  void rejectsMoneyOneCentBeyondNumericTenTwo() {
    assertThatThrownBy(() -> ColumnValues.toMoney("payment_amount", new BigDecimal("100000000.00")))
        .isInstanceOf(RowRejectedException.class)
        .hasMessage("payment_amount 100000000.00 exceeds numeric(10,2)");
  }

  @Test
  void convertsExactWholeNumbersToInt() {
    assertThat(ColumnValues.toInt("i", 7)).isEqualTo(7);
    assertThat(ColumnValues.toInt("i", 7L)).isEqualTo(7);
    assertThat(ColumnValues.toInt("i", BigInteger.valueOf(Integer.MAX_VALUE)))
        .isEqualTo(Integer.MAX_VALUE);
    assertThat(ColumnValues.toInt("i", null)).isNull();
    assertThatThrownBy(() -> ColumnValues.toInt("units_sold", new BigDecimal("1.5")))
        .isInstanceOf(RowRejectedException.class)
        .hasMessage("units_sold 1.5 is not a whole number within integer range");
  }

  @Test
  void readsTheTimestampAsTheWallClockItIsWhateverTheJvmZone() {
    // the test JVM runs in Pacific/Pago_Pago (UTC-11): nothing may shift the value
    assertThat(ColumnValues.toTimestamp("created_at", "2022-11-03T23:59:59.999"))
        .isEqualTo(LocalDateTime.of(2022, 11, 3, 23, 59, 59, 999_000_000));
    assertThat(ColumnValues.toTimestamp("created_at", "2022-11-03T00:00"))
        .isEqualTo(LocalDateTime.of(2022, 11, 3, 0, 0));
  }

  @Test
  void rejectsATimeFinerThanAMillisecond() {
    assertThatThrownBy(
            () -> ColumnValues.toTimeMillis("created_at", LocalTime.parse("10:15:30.1234")))
        .isInstanceOf(RowRejectedException.class)
        .hasMessage("created_at 10:15:30.123400 has more than millisecond precision");
  }

  @Test
  void parsesDatesStrictly() {
    assertThat(ColumnValues.toDate("d", "2024-02-29")).isEqualTo(LocalDate.of(2024, 2, 29));
    assertThatThrownBy(() -> ColumnValues.toDate("d", "2023-04-31"))
        .isInstanceOf(RowRejectedException.class)
        .hasMessage("d '2023-04-31' is not a calendar date");
    assertThatThrownBy(() -> ColumnValues.toDate("d", "2023-4-1"))
        .isInstanceOf(RowRejectedException.class)
        .hasMessage("d '2023-4-1' is not a date of the form YYYY-MM-DD");
  }

  @Test
  void enforcesTheColumnsNullability() {
    assertThat(ColumnValues.toColumn(Column.nullable("district", ColumnType.TEXT), null)).isNull();
    assertThatThrownBy(() -> ColumnValues.toColumn(Column.notNull("city", ColumnType.TEXT), null))
        .isInstanceOf(RowRejectedException.class)
        .hasMessage("NULL in non-nullable column city");
  }

  @Test
  void tellsAMissingColumnFromANullOne() {
    Map<String, Object> row = SourceRows.row().set("district", null);

    assertThat(ColumnValues.sourceValue(row, "district")).isNull();
    assertThatThrownBy(() -> ColumnValues.sourceValue(row, "city"))
        .isInstanceOf(RowRejectedException.class)
        .hasMessage("missing column 'city'");
  }

  @Test
  void shortensALongValueInTheReason() {
    String longText = "x".repeat(100);

    assertThatThrownBy(() -> ColumnValues.toInt("units_sold", longText))
        .isInstanceOf(RowRejectedException.class)
        .hasMessage("units_sold '" + "x".repeat(40) + "…' is not a number");
  }
}
