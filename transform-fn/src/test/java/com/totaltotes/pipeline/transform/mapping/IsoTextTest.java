package com.totaltotes.pipeline.transform.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The fast reading of ISO dates and date-times gives exactly what java.time's ISO parsers give: the
 * same value, or an error for the same input.
 */
class IsoTextTest {
  private static final String[] FIXED = {
    "2024-02-29",
    "2023-02-29",
    "2023-02-30",
    "2024-13-01",
    "2024-00-10",
    "2024-01-00",
    "0000-01-01",
    "0001-01-01",
    "9999-12-31",
    "2024-1-01",
    "2024/01/01",
    "20240101",
    "2024-01-01T00:00",
    "2024-01-01T24:00",
    "2024-01-01T23:60",
    "2024-01-01T23:59:60",
    "2024-01-01T23:59:59",
    "2024-01-01T23:59:59.",
    "2024-01-01T23:59:59.1",
    "2024-01-01T23:59:59.123456789",
    "2024-01-01T23:59:59.1234567891",
    "2024-01-01T23:59:5",
    "2024-01-01 23:59:59",
    "2024-01-01T23:59:59Z",
    "2024-01-01T23:59:59+01:00",
    "+2024-01-01",
    "-0001-01-01",
    "+10000-01-01T00:00",
    "2024-01-01T7:00",
    "２０２４-01-01",
    "2024-01-01T",
    "",
    " 2024-01-01",
    "2024-01-01 ",
    "2024-01-01T12:00:00.000",
    "2022-11-03T14:20:52.186"
  };

  @Test
  void datesAgreeWithJavaTime() {
    for (String text : inputs()) {
      assertThat(outcome(t -> IsoText.isDate(t) ? IsoText.date(t, 0) : LocalDate.parse(t), text))
          .as(text)
          .isEqualTo(outcome(LocalDate::parse, text));
    }
  }

  @Test
  void dateTimesAgreeWithJavaTime() {
    int fast = 0;
    for (String text : inputs()) {
      Object ours =
          outcome(
              t -> {
                LocalDateTime quick = IsoText.dateTime(t);
                return quick != null ? quick : LocalDateTime.parse(t);
              },
              text);
      assertThat(ours).as(text).isEqualTo(outcome(LocalDateTime::parse, text));
      if (outcome(IsoText::dateTime, text) instanceof LocalDateTime) {
        fast++;
      }
    }
    assertThat(fast).as("inputs read on the fast path").isGreaterThan(1_000);
  }

  /** The fixed cases, the canonical form of random instants, and random one-character damage. */
  private static List<String> inputs() {
    List<String> inputs = new ArrayList<>(List.of(FIXED));
    Random random = new Random(7);
    for (int i = 0; i < 3_000; i++) {
      LocalDateTime at =
          LocalDateTime.of(1, 1, 1, 0, 0)
              .plusSeconds(random.nextLong(3_155_000_000L) * 100)
              .withNano(random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
      String text = at.toString();
      inputs.add(text);
      inputs.add(at.toLocalDate().toString());
      char[] damaged = text.toCharArray();
      damaged[random.nextInt(damaged.length)] = "0123456789:-T.x ".charAt(random.nextInt(16));
      inputs.add(new String(damaged));
    }
    return inputs;
  }

  /** The value, or "error" when it throws as java.time's parsers do. */
  private static Object outcome(Function<String, Object> parse, String text) {
    try {
      return parse.apply(text);
    } catch (DateTimeException e) {
      return "error";
    }
  }
}
