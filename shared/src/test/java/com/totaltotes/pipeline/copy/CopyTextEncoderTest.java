package com.totaltotes.pipeline.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

/** The COPY text encoding of warehouse rows and generator fields, in memory. */
class CopyTextEncoderTest {

  private static String encode(WarehouseTable table, Object... values) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CopyTextEncoder encoder = new CopyTextEncoder(table.tableName(), out::write)) {
      encoder.row(table.columns(), values);
      assertThat(encoder.finish()).isEqualTo(1);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void escapesBackslashTabNewlineAndCarriageReturnAndNothingElse() throws Exception {
    assertThat(encode(WarehouseTable.DIM_CURRENCY, 1, "a\\b\tc\nd\re", "\"O'Neil\" Zoë 東京 🎋 \\N"))
        .isEqualTo("1\ta\\\\b\\tc\\nd\\re\t\"O'Neil\" Zoë 東京 🎋 \\\\N\n");
  }

  @Test
  void writesNullAsBackslashNOnlyInNullableColumns() throws Exception {
    assertThat(encode(WarehouseTable.DIM_TRANSACTION, 3, "SALE", 7, null))
        .isEqualTo("3\tSALE\t7\t\\N\n");
    assertThatThrownBy(() -> encode(WarehouseTable.DIM_TRANSACTION, 3, null, 7, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("column transaction_type is NOT NULL but the value is null");
  }

  @Test
  void keepsMoneyExactAndTimesToTheMillisecond() throws Exception {
    LocalDate d = LocalDate.of(2024, 2, 29);
    assertThat(
            encode(
                WarehouseTable.FACT_PAYMENT,
                1,
                d,
                LocalTime.parse("23:59:59.999"),
                d,
                LocalTime.MIDNIGHT,
                2,
                3,
                new BigDecimal("99999999.99"),
                4,
                5,
                true,
                d))
        .isEqualTo(
            "1\t2024-02-29\t23:59:59.999\t2024-02-29\t00:00:00.000\t2\t3\t99999999.99\t4\t5\tt"
                + "\t2024-02-29\n");
    assertThat(
            encode(
                WarehouseTable.FACT_PAYMENT,
                1,
                d,
                LocalTime.parse("09:05:03.070"),
                d,
                LocalTime.NOON,
                2,
                3,
                new BigDecimal("1E-2"),
                4,
                5,
                false,
                d))
        .contains("\t09:05:03.070\t")
        .contains("\t0.01\t")
        .contains("\tf\t");
  }

  @Test
  void refusesAValueOfTheWrongType() {
    assertThatThrownBy(() -> encode(WarehouseTable.DIM_CURRENCY, "1", "GBP", "British Pound"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("column currency_id expects Integer, got String");
  }

  @Test
  void writesCentsAndTimestampsOfTheGeneratorExactlyInUtc() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CopyTextEncoder encoder = new CopyTextEncoder("t", out::write);
    encoder.integer(-42).cents(-1234).cents(5).timestamp(-1).date(0).text(null).endRow();
    encoder.finish();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("-42\t-12.34\t0.05\t1969-12-31 23:59:59.999\t1970-01-01\t\\N\n");
  }
}
