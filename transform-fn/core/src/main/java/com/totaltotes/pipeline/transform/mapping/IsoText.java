package com.totaltotes.pipeline.transform.mapping;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/**
 * The canonical ISO forms the extract writes ({@code 2024-02-29}, {@code 2024-02-29T13:05:09.186},
 * {@code 2024-02-29T13:05}), read without {@link java.time.format.DateTimeFormatter}, whose parse
 * was a quarter of the transform's time. Only the digits are read here: the values go through
 * {@link LocalDate#of} and {@link LocalTime#of}, which reject what ISO's STRICT resolver rejects
 * (February 30th, hour 24) with a {@link java.time.DateTimeException}. Any other form (a sign, a
 * year past 9999, an offset) is not recognised here and goes to java.time's parser.
 */
final class IsoText {
  private static final int DATE_LENGTH = 10;
  private static final int MINUTES_LENGTH = 16; // yyyy-MM-ddTHH:mm
  private static final int SECONDS_LENGTH = 19; // yyyy-MM-ddTHH:mm:ss
  private static final int MAX_FRACTION_DIGITS = 9;

  private IsoText() {}

  /** Whether {@code text} is exactly {@code dddd-dd-dd}. */
  static boolean isDate(String text) {
    return text.length() == DATE_LENGTH && isDateAt(text, 0);
  }

  /** The date {@code dddd-dd-dd} at {@code from}, already checked by {@link #isDateAt}. */
  static LocalDate date(String text, int from) {
    return LocalDate.of(
        digits(text, from, 4), digits(text, from + 5, 2), digits(text, from + 8, 2));
  }

  /**
   * The date-time in {@code text} when it is {@code dddd-dd-ddTdd:dd}, optionally {@code :dd} and
   * {@code .} with 1 to 9 fraction digits; null when it is any other form.
   *
   * @throws java.time.DateTimeException when the form is right but a field is out of range
   */
  static LocalDateTime dateTime(String text) {
    int length = text.length();
    if (length < MINUTES_LENGTH
        || !isDateAt(text, 0)
        || text.charAt(DATE_LENGTH) != 'T'
        || !isTwoDigits(text, 11)
        || text.charAt(13) != ':'
        || !isTwoDigits(text, 14)) {
      return null;
    }
    int second = 0;
    int nanos = 0;
    if (length > MINUTES_LENGTH) {
      if (length < SECONDS_LENGTH || text.charAt(16) != ':' || !isTwoDigits(text, 17)) {
        return null;
      }
      second = digits(text, 17, 2);
      if (length > SECONDS_LENGTH) {
        int fraction = length - SECONDS_LENGTH - 1;
        if (text.charAt(SECONDS_LENGTH) != '.'
            || fraction < 1
            || fraction > MAX_FRACTION_DIGITS
            || !isDigits(text, SECONDS_LENGTH + 1, fraction)) {
          return null;
        }
        nanos = digits(text, SECONDS_LENGTH + 1, fraction);
        for (int i = fraction; i < MAX_FRACTION_DIGITS; i++) {
          nanos *= 10;
        }
      }
    }
    return LocalDateTime.of(
        date(text, 0), LocalTime.of(digits(text, 11, 2), digits(text, 14, 2), second, nanos));
  }

  private static boolean isDateAt(String text, int from) {
    return isDigits(text, from, 4)
        && text.charAt(from + 4) == '-'
        && isTwoDigits(text, from + 5)
        && text.charAt(from + 7) == '-'
        && isTwoDigits(text, from + 8);
  }

  private static boolean isTwoDigits(String text, int from) {
    return isDigits(text, from, 2);
  }

  private static boolean isDigits(String text, int from, int count) {
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      value = value * 10 + (text.charAt(i) - '0');
    }
    return value;
  }
}
