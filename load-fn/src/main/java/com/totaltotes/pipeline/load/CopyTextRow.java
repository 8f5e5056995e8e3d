package com.totaltotes.pipeline.load;

import com.totaltotes.pipeline.warehouse.Column;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * Writes warehouse rows in PostgreSQL's {@code COPY ... FROM STDIN} text format: one line per row,
 * fields separated by a tab, NULL as {@code \N}; backslash, tab, newline and carriage return in
 * text are backslash-escaped, every other character (quotes, any Unicode) goes through as is. Money
 * is written as its exact plain digits, times with their milliseconds.
 */
final class CopyTextRow {
  private final List<Column> columns;
  private final char[] time = new char[12];

  CopyTextRow(List<Column> columns) {
    this.columns = columns;
  }

  /**
   * Writes one row (values in column order) and its line end.
   *
   * @throws IllegalArgumentException when a value is not of its column's Java type, or a NOT NULL
   *     column holds null
   */
  void write(Object[] values, Writer out) throws IOException {
    if (values.length != columns.size()) {
      throw new IllegalArgumentException(
          "row has " + values.length + " values for " + columns.size() + " columns");
    }
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        out.write('\t');
      }
      writeValue(columns.get(i), values[i], out);
    }
    out.write('\n');
  }

  private void writeValue(Column column, Object value, Writer out) throws IOException {
    if (value == null) {
      if (!column.nullable()) {
        throw new IllegalArgumentException(
            "column " + column.name() + " is NOT NULL but the value is null");
      }
      out.write("\\N");
      return;
    }
    if (!column.type().javaType().isInstance(value)) {
      throw new IllegalArgumentException(
          "column "
              + column.name()
              + " expects "
              + column.type().javaType().getSimpleName()
              + ", got "
              + value.getClass().getSimpleName());
    }
    switch (column.type()) {
      case INT -> out.write(Integer.toString((Integer) value));
      case DECIMAL_10_2 -> out.write(((BigDecimal) value).toPlainString());
      case DATE -> out.write(((LocalDate) value).toString());
      case TIME_MILLIS -> writeTime((LocalTime) value, out);
      case BOOLEAN -> out.write((Boolean) value ? 't' : 'f');
      case TEXT -> writeText((String) value, out);
    }
  }

  /** HH:mm:ss.SSS; anything finer than a millisecond is not in a TIME(MILLIS) value. */
  private void writeTime(LocalTime t, Writer out) throws IOException {
    two(t.getHour(), 0);
    time[2] = ':';
    two(t.getMinute(), 3);
    time[5] = ':';
    two(t.getSecond(), 6);
    time[8] = '.';
    int millis = t.getNano() / 1_000_000;
    time[9] = (char) ('0' + millis / 100);
    time[10] = (char) ('0' + millis / 10 % 10);
    time[11] = (char) ('0' + millis % 10);
    out.write(time, 0, 12);
  }

  private void two(int value, int at) {
    time[at] = (char) ('0' + value / 10);
    time[at + 1] = (char) ('0' + value % 10);
  }

  static void writeText(String s, Writer out) throws IOException {
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      String escape =
          switch (s.charAt(i)) {
            case '\\' -> "\\\\";
            case '\t' -> "\\t";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            default -> null;
          };
      if (escape != null) {
        out.write(s, start, i - start);
        out.write(escape);
        start = i + 1;
      }
    }
    out.write(s, start, s.length() - start);
  }
}
