package com.totaltotes.pipeline.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TimestampFormatTest {
  @Test
  void postgresTextTimestampsBecomeIsoWithMilliseconds() {
    assertThat(Timestamps.isoMillis("2022-11-03 14:20:52.186"))
        .isEqualTo("2022-11-03T14:20:52.186");
    assertThat(Timestamps.isoMillis("2022-11-03 14:20:52.18")).isEqualTo("2022-11-03T14:20:52.180");
    assertThat(Timestamps.isoMillis("2022-11-03 14:20:52.1")).isEqualTo("2022-11-03T14:20:52.100");
    assertThat(Timestamps.isoMillis("2022-11-03 14:20:52")).isEqualTo("2022-11-03T14:20:52.000");
    assertThat(Timestamps.isoMillis("2024-02-29 23:59:59.999"))
        .isEqualTo("2024-02-29T23:59:59.999");
  }

  @Test
  void readsOnlyTheGivenCharactersOfAReusedBuffer() {
    byte[] buffer = "XX2022-11-03 14:20:52.18XXXXXXXXXX".getBytes(StandardCharsets.US_ASCII);
    byte[] iso = new byte[40];
    java.util.Arrays.fill(iso, (byte) '#');
    int n = Timestamps.isoMillis(buffer, 2, 22, iso);
    assertThat(new String(iso, 0, n, StandardCharsets.US_ASCII))
        .isEqualTo("2022-11-03T14:20:52.180");
    assertThat(iso[n]).as("nothing written past it").isEqualTo((byte) '#');
    n = Timestamps.isoMillis(buffer, 2, 19, iso);
    assertThat(new String(iso, 0, n, StandardCharsets.US_ASCII))
        .isEqualTo("2022-11-03T14:20:52.000");
    buffer = "infinityXXXXXXXX".getBytes(StandardCharsets.US_ASCII);
    assertThat(Timestamps.isoMillis(buffer, 0, 8, iso)).isEqualTo(-1);
    assertThat(Timestamps.isoMillis("infinity")).isEqualTo("infinity");
    assertThat(Timestamps.isoMillis("2022-11-03 14:20:52.123456"))
        .as("microseconds kept as the server printed them")
        .isEqualTo("2022-11-03T14:20:52.123456");
  }

  @Test
  void alwaysWritesSecondsAndThreeFractionDigits() {
    assertThat(Timestamps.timestamp(LocalDateTime.parse("2022-11-03T14:20:52.186")))
        .isEqualTo("2022-11-03T14:20:52.186");
    assertThat(Timestamps.timestamp(LocalDateTime.parse("2022-11-03T14:20:52.180")))
        .isEqualTo("2022-11-03T14:20:52.180");
    assertThat(Timestamps.timestamp(LocalDateTime.parse("2022-11-03T14:20:52")))
        .isEqualTo("2022-11-03T14:20:52.000");
    assertThat(Timestamps.timestamp(LocalDateTime.parse("2022-11-03T14:20")))
        .isEqualTo("2022-11-03T14:20:00.000");
    assertThat(Timestamps.timestamp(LocalDateTime.parse("2024-02-29T23:59:59.999")))
        .isEqualTo("2024-02-29T23:59:59.999");
  }

  /** The check's specification: the regular expression it replaces on the per-row path. */
  private static final Pattern PLAIN =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3,6}");

  @Test
  void aPlainTimestampIsWhatTheRegularExpressionAccepts() {
    String[] edges = {
      "2022-11-03T14:20:52.186",
      "2022-11-03T14:20:52.186123",
      "2022-11-03T14:20:52.1861234",
      "2022-11-03T14:20:52.18",
      "2022-11-03 14:20:52.186",
      "12022-11-03T14:20:52.186",
      "infinity",
      "-infinity",
      "0001-01-01T00:00:00.000 BC",
      "2022-11-03T14:20:52,186",
      "2022-11-03T14:20:5a.186",
      "２０２２-11-03T14:20:52.186",
      ""
    };
    for (String edge : edges) {
      assertThat(Timestamps.isPlainTimestamp(edge))
          .as(edge)
          .isEqualTo(PLAIN.matcher(edge).matches());
    }
    // random one-character damage to plain timestamps of every length
    Random random = new Random(20261130);
    String alphabet = "0123456789-T:. x٣";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder ts =
          new StringBuilder("2022-11-03T14:20:52.186123".substring(0, 23 + random.nextInt(4)));
      int at = random.nextInt(ts.length() + 1);
      switch (random.nextInt(3)) {
        case 0 -> ts.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
        case 1 -> {
          if (at < ts.length()) {
            ts.deleteCharAt(at);
          }
        }
        default -> {
          if (at < ts.length()) {
            ts.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
          }
        }
      }
      String s = ts.toString();
      assertThat(Timestamps.isPlainTimestamp(s)).as(s).isEqualTo(PLAIN.matcher(s).matches());
    }
  }
}
