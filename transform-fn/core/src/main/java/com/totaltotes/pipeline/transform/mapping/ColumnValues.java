package com.totaltotes.pipeline.transform.mapping;

import com.totaltotes.pipeline.warehouse.Column;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Map;

/**
 * The one implementation of every value conversion from a source row (parsed JSON Lines: {@link
 * Number}, {@link BigDecimal}, {@link String}, {@link Boolean}, null) to the Java type of a
 * warehouse column. Every conversion is strict and exact: a value that would need rounding,
 * truncation or guessing throws {@link RowRejectedException} naming the column and the value.
 *
 * <p>The {@code toX(column, value)} methods return null for a null value; {@link #toColumn} also
 * enforces the column's nullability. No conversion uses the JVM's default zone or locale.
 */
public final class ColumnValues {
  private static final BigDecimal LARGEST_MONEY = new BigDecimal("99999999.99");
  private static final int LONGEST_QUOTED_VALUE = 40;

  private ColumnValues() {}

  /**
   * The value of a source column, which must be present (it may be null).
   *
   * @throws RowRejectedException {@code missing column 'units_sold'}
   */
  public static Object sourceValue(Map<String, Object> row, String column) {
    if (!row.containsKey(column)) {
      throw new RowRejectedException("missing column '" + column + "'");
    }
    return row.get(column);
  }

  /** An integer source column that must be present and not NULL, such as an id. */
  public static int requiredInt(Map<String, Object> row, String column) {
    Integer value = toInt(column, sourceValue(row, column));
    if (value == null) {
      throw new RowRejectedException("NULL in non-nullable column " + column);
    }
    return value;
  }

  /** Converts a value to the Java type of the column, rejecting NULL where it is not allowed. */
  public static Object toColumn(Column column, Object value) {
    if (value == null) {
      if (column.nullable()) {
        return null;
      }
      throw new RowRejectedException("NULL in non-nullable column " + column.name());
    }
    String name = column.name();
    return switch (column.type()) {
      case INT -> toInt(name, value);
      case DECIMAL_10_2 -> toMoney(name, value);
      case DATE -> toDate(name, value);
      case TIME_MILLIS -> toTimeMillis(name, value);
      case BOOLEAN -> toBoolean(name, value);
      case TEXT -> toText(name, value);
    };
  }

  /** An exact whole number within int32; {@code 3.0} or {@code 3000000000} are rejected. */
  public static Integer toInt(String column, Object value) {
    if (value == null || value instanceof Integer) {
      return (Integer) value;
    }
    try {
      return exactDecimal(column, value).intValueExact();
    } catch (ArithmeticException e) {
      throw new RowRejectedException(
          column + " " + quote(value) + " is not a whole number within integer range", e);
    }
  }

  /**
   * Money as {@code numeric(10,2)}: scale exactly 2, at most 8 integer digits. A value that would
   * need rounding ({@code 1.005}) or is too large ({@code 123456789.00}) is rejected.
   */
  public static BigDecimal toMoney(String column, Object value) {
    if (value == null) {
      return null;
    }
    BigDecimal money;
    try {
      money = exactDecimal(column, value).setScale(2, RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw new RowRejectedException(
          column + " " + quote(value) + " has more than 2 decimal places for numeric(10,2)", e);
    }
    if (money.abs().compareTo(LARGEST_MONEY) > 0) {
      throw new RowRejectedException(column + " " + quote(value) + " exceeds numeric(10,2)");
    }
    return money;
  }

  /** A business date given as text {@code YYYY-MM-DD}, parsed strictly (no 2023-02-30). */
  public static LocalDate toDate(String column, Object value) {
    if (value == null || value instanceof LocalDate) {
      return (LocalDate) value;
    }
    LocalDate date;
    try {
      String text = text(column, value);
      date = IsoText.isDate(text) ? IsoText.date(text, 0) : LocalDate.parse(text); // both STRICT
    } catch (DateTimeException e) {
      String why =
          value instanceof String text && !IsoText.isDate(text)
              ? " is not a date of the form YYYY-MM-DD"
              : " is not a calendar date";
      throw new RowRejectedException(column + " " + quote(value) + why, e);
    }
    // java.time knows year 0 and years past 9999; PostgreSQL's date does not (nor does a warehouse)
    if (date.getYear() < 1 || date.getYear() > 9999) {
      throw new RowRejectedException(
          column + " " + quote(value) + " is not a calendar date (year out of 1..9999)");
    }
    return date;
  }

  /**
   * A zone-less source timestamp such as {@code 2022-11-03T14:20:52.186} (any ISO local date-time,
   * fraction optional), kept as the wall-clock value it is: never converted to or from a zone.
   */
  public static LocalDateTime toTimestamp(String column, Object value) {
    if (value == null || value instanceof LocalDateTime) {
      return (LocalDateTime) value;
    }
    try {
      String text = text(column, value);
      LocalDateTime fast = IsoText.dateTime(text);
      return fast != null ? fast : LocalDateTime.parse(text); // ISO_LOCAL_DATE_TIME: STRICT
    } catch (DateTimeException e) {
      throw new RowRejectedException(column + " " + quote(value) + " is not a timestamp", e);
    }
  }

  /**
   * A time of day at millisecond precision ({@code TIME(MILLIS)}, {@code time(3)}). A value with
   * digits below the millisecond is rejected rather than silently cut.
   */
  public static LocalTime toTimeMillis(String column, Object value) {
    if (value == null) {
      return null;
    }
    LocalTime time;
    try {
      time = value instanceof LocalTime t ? t : LocalTime.parse(text(column, value));
    } catch (DateTimeException e) {
      throw new RowRejectedException(column + " " + quote(value) + " is not a time of day", e);
    }
    if (time.getNano() % 1_000_000 != 0) {
      throw new RowRejectedException(
          column + " " + quote(time) + " has more than millisecond precision");
    }
    return time;
  }

  /** A JSON boolean; the text {@code "true"} is not one. */
  public static Boolean toBoolean(String column, Object value) {
    if (value == null || value instanceof Boolean) {
      return (Boolean) value;
    }
    throw new RowRejectedException(column + " " + quote(value) + " is not a boolean");
  }

  /** A JSON string (text, enum label); a number is not text. */
  public static String toText(String column, Object value) {
    return value == null ? null : text(column, value);
  }

  private static String text(String column, Object value) {
    if (value instanceof String text) {
      return text;
    }
    throw new RowRejectedException(column + " " + quote(value) + " is not text");
  }

  /** The exact decimal value of a JSON number; binary floating point is never exact enough. */
  private static BigDecimal exactDecimal(String column, Object value) {
    if (value instanceof BigDecimal decimal) {
      return decimal;
    }
    if (value instanceof Double || value instanceof Float) {
      throw new RowRejectedException(
          column + " " + quote(value) + " is a floating-point number, not an exact decimal");
    }
    if (value instanceof Number number) { // Integer, Long, BigInteger: exact in their text
      return new BigDecimal(number.toString());
    }
    throw new RowRejectedException(column + " " + quote(value) + " is not a number");
  }

  /** A value for a reason: text in quotes and shortened, numbers as plain digits. */
  private static String quote(Object value) {
    if (value instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    }
    if (value instanceof CharSequence text) {
      boolean shortEnough = text.length() <= LONGEST_QUOTED_VALUE;
      return "'" + (shortEnough ? text : text.subSequence(0, LONGEST_QUOTED_VALUE) + "…") + "'";
    }
    return String.valueOf(value);
  }
}
