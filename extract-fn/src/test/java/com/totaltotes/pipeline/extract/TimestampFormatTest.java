package com.totaltotes.pipeline.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class TimestampFormatTest {
  @Test
  void postgresTextTimestampsBecomeIsoWithMilliseconds() {
    assertThat(ExtractTable.isoMillis("2022-11-03 14:20:52.186"))
        .isEqualTo("2022-11-03T14:20:52.186");
    assertThat(ExtractTable.isoMillis("2022-11-03 14:20:52.18"))
        .isEqualTo("2022-11-03T14:20:52.180");
    assertThat(ExtractTable.isoMillis("2022-11-03 14:20:52.1"))
        .isEqualTo("2022-11-03T14:20:52.100");
    assertThat(ExtractTable.isoMillis("2022-11-03 14:20:52")).isEqualTo("2022-11-03T14:20:52.000");
    assertThat(ExtractTable.isoMillis("2024-02-29 23:59:59.999"))
        .isEqualTo("2024-02-29T23:59:59.999");
  }

  @Test
  void alwaysWritesSecondsAndThreeFractionDigits() {
    assertThat(ExtractTable.timestamp(LocalDateTime.parse("2022-11-03T14:20:52.186")))
        .isEqualTo("2022-11-03T14:20:52.186");
    assertThat(ExtractTable.timestamp(LocalDateTime.parse("2022-11-03T14:20:52.180")))
        .isEqualTo("2022-11-03T14:20:52.180");
    assertThat(ExtractTable.timestamp(LocalDateTime.parse("2022-11-03T14:20:52")))
        .isEqualTo("2022-11-03T14:20:52.000");
    assertThat(ExtractTable.timestamp(LocalDateTime.parse("2022-11-03T14:20")))
        .isEqualTo("2022-11-03T14:20:00.000");
    assertThat(ExtractTable.timestamp(LocalDateTime.parse("2024-02-29T23:59:59.999")))
        .isEqualTo("2024-02-29T23:59:59.999");
  }
}
