package com.totaltotes.pipeline.copy;

import com.totaltotes.pipeline.warehouse.Column;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Encodes rows in PostgreSQL's {@code COPY ... FROM STDIN} text format, the one encoder of the
 * project (the load's staging tables, the generator's totesys tables): one line per row, fields
 * separated by a tab, NULL as {@code \N}; backslash, tab, newline and carriage return in text are
 * backslash-escaped, every other character (quotes, any Unicode) goes through as is. Money is
 * written as its exact plain digits, times with their milliseconds, timestamps from epoch
 * milliseconds read as UTC wall-clock time (never the JVM zone).
 *
 * <p>Fields are encoded straight into a byte buffer that is handed to the sink (the server)
 * whenever it fills, so memory stays constant however many rows are written. Usage: field calls for
 * one row, then {@link #endRow()}; finally {@link #finish()}. {@link #close()} cancels a COPY that
 * was not finished, so a failure leaves no half-open stream.
 */
public final class CopyTextEncoder implements AutoCloseable {

  /** Where encoded bytes go. */
  @FunctionalInterface
  public interface Sink {
    void write(byte[] bytes, int offset, int length) throws SQLException;
  }

  private static final int BUFFER_BYTES = 1 << 16;
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private final String table;
  private final Sink sink;
  private final CopyIn copy;
  private byte[] buf = new byte[BUFFER_BYTES];
  private int pos;
  private long rows;
  private boolean rowStarted;
  private long cachedDay = Long.MIN_VALUE;
  private final byte[] cachedDate = new byte[10];

  private CopyTextEncoder(String table, Sink sink, CopyIn copy) {
    this.table = table;
    this.sink = sink;
    this.copy = copy;
  }

  /** An encoder writing to {@code sink}; {@code table} names it in errors. */
  public CopyTextEncoder(String table, Sink sink) {
    this(table, sink, null);
  }

  /**
   * Starts {@code COPY <table> (<columns>) FROM STDIN} on the connection. The caller has taken
   * {@code table} and {@code columns} from an allow-list.
   */
  public static CopyTextEncoder open(Connection c, String table, String columns)
      throws SQLException {
    CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql(table, columns));
    return new CopyTextEncoder(table, copy::writeToCopy, copy);
  }

  /**
   * Sends rows already encoded (by an encoder over another sink) with {@code COPY <table>
   * (<columns>) FROM STDIN}; returns the rows the server stored. The caller has taken {@code table}
   * and {@code columns} from an allow-list.
   */
  public static long copyIn(Connection c, String table, String columns, InputStream encoded)
      throws SQLException, IOException {
    return c.unwrap(PGConnection.class)
        .getCopyAPI()
        .copyIn(copySql(table, columns), encoded, BUFFER_BYTES);
  }

  private static String copySql(String table, String columns) {
    return "COPY " + table + " (" + columns + ") FROM STDIN";
  }

  public CopyTextEncoder nullValue() {
    separator();
    ensure(2);
    buf[pos++] = '\\';
    buf[pos++] = 'N';
    return this;
  }

  public CopyTextEncoder integer(long value) {
    separator();
    ensure(20);
    if (value < 0) {
      buf[pos++] = '-';
      value = -value;
    }
    writeDigits(value);
    return this;
  }

  /** A {@code numeric(10,2)} value given in cents, written exactly (no floating point). */
  public CopyTextEncoder cents(long cents) {
    separator();
    ensure(24);
    if (cents < 0) {
      buf[pos++] = '-';
      cents = -cents;
    }
    writeDigits(cents / 100);
    buf[pos++] = '.';
    pad2((int) (cents % 100));
    return this;
  }

  /** A decimal, as its exact plain digits. */
  public CopyTextEncoder decimal(BigDecimal value) {
    return ascii(value.toPlainString());
  }

  public CopyTextEncoder bool(boolean value) {
    separator();
    ensure(1);
    buf[pos++] = (byte) (value ? 't' : 'f');
    return this;
  }

  /** Text (or NULL), escaped for the COPY text format. */
  public CopyTextEncoder text(String value) {
    if (value == null) {
      return nullValue();
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    return utf8(bytes, 0, bytes.length);
  }

  /** Text given as its UTF-8 bytes, escaped for the COPY text format. */
  public CopyTextEncoder utf8(byte[] bytes, int offset, int length) {
    separator();
    ensure(length * 2);
    for (int i = offset; i < offset + length; i++) {
      byte b = bytes[i];
      switch (b) {
        case '\\' -> escaped('\\');
        case '\t' -> escaped('t');
        case '\n' -> escaped('n');
        case '\r' -> escaped('r');
        default -> buf[pos++] = b; // UTF-8 continuation bytes are never ASCII
      }
    }
    return this;
  }

  /** A date as text {@code YYYY-MM-DD}. */
  public CopyTextEncoder date(long epochDay) {
    separator();
    ensure(10);
    writeDate(epochDay);
    return this;
  }

  public CopyTextEncoder date(LocalDate value) {
    return date(value.toEpochDay());
  }

  /** A time {@code HH:MM:SS.mmm}; anything finer than a millisecond is not in a TIME(3) value. */
  public CopyTextEncoder time(LocalTime value) {
    return timeMillis((int) (value.toNanoOfDay() / 1_000_000));
  }

  /**
   * A time given as milliseconds since midnight, {@code HH:MM:SS.mmm}.
   *
   * @throws IllegalArgumentException outside 0 to 86,399,999
   */
  public CopyTextEncoder timeMillis(int millisOfDay) {
    if (millisOfDay < 0 || millisOfDay >= MILLIS_PER_DAY) {
      throw new IllegalArgumentException(
          "time of day out of range for " + table + ": " + millisOfDay + " ms");
    }
    separator();
    ensure(12);
    writeTime(millisOfDay);
    return this;
  }

  /** A {@code timestamp(3)} value {@code YYYY-MM-DD HH:MM:SS.mmm}. */
  public CopyTextEncoder timestamp(long epochMillis) {
    separator();
    ensure(23);
    writeDate(Math.floorDiv(epochMillis, MILLIS_PER_DAY));
    buf[pos++] = ' ';
    writeTime((int) Math.floorMod(epochMillis, MILLIS_PER_DAY));
    return this;
  }

  /**
   * One warehouse row (values in column order, each of its column's Java type), and its line end.
   *
   * @throws IllegalArgumentException when a value is not of its column's Java type, or a NOT NULL
   *     column holds null
   */
  public void row(List<Column> columns, Object[] values) throws SQLException {
    if (values.length != columns.size()) {
      throw new IllegalArgumentException(
          "row has " + values.length + " values for " + columns.size() + " columns");
    }
    for (int i = 0; i < values.length; i++) {
      value(columns.get(i), values[i]);
    }
    endRow();
  }

  private void value(Column column, Object value) {
    if (value == null) {
      if (!column.nullable()) {
        throw new IllegalArgumentException(
            "column " + column.name() + " is NOT NULL but the value is null");
      }
      nullValue();
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
      case INT -> integer((Integer) value);
      case DECIMAL_10_2 -> decimal((BigDecimal) value);
      case DATE -> date((LocalDate) value);
      case TIME_MILLIS -> time((LocalTime) value);
      case BOOLEAN -> bool((Boolean) value);
      case TEXT -> text((String) value);
    }
  }

  /** Ends the current row. */
  public void endRow() throws SQLException {
    ensure(1);
    buf[pos++] = '\n';
    rowStarted = false;
    rows++;
    if (pos > BUFFER_BYTES - 512) {
      flush();
    }
  }

  /**
   * Sends what is buffered and ends the COPY; returns the rows the server stored (the rows encoded,
   * for a sink that is not a COPY).
   */
  public long finish() throws SQLException {
    flush();
    return copy == null ? rows : copy.endCopy();
  }

  @Override
  public void close() throws SQLException {
    if (copy != null && copy.isActive()) {
      copy.cancelCopy();
    }
  }

  private void flush() throws SQLException {
    if (pos > 0) {
      sink.write(buf, 0, pos);
      pos = 0;
    }
  }

  private CopyTextEncoder ascii(String s) {
    separator();
    ensure(s.length());
    for (int i = 0; i < s.length(); i++) {
      buf[pos++] = (byte) s.charAt(i);
    }
    return this;
  }

  private void separator() {
    if (rowStarted) {
      ensure(1);
      buf[pos++] = '\t';
    }
    rowStarted = true;
  }

  private void escaped(char c) {
    buf[pos++] = '\\';
    buf[pos++] = (byte) c;
  }

  private void ensure(int bytes) {
    if (pos + bytes > buf.length) {
      byte[] bigger = new byte[Math.max(buf.length * 2, pos + bytes)];
      System.arraycopy(buf, 0, bigger, 0, pos);
      buf = bigger;
    }
  }

  private void writeTime(int millisOfDay) {
    pad2(millisOfDay / 3_600_000);
    buf[pos++] = ':';
    pad2(millisOfDay / 60_000 % 60);
    buf[pos++] = ':';
    pad2(millisOfDay / 1000 % 60);
    buf[pos++] = '.';
    int millis = millisOfDay % 1000;
    buf[pos++] = (byte) ('0' + millis / 100);
    pad2(millis % 100);
  }

  private void writeDate(long epochDay) {
    if (epochDay != cachedDay) {
      LocalDate d = LocalDate.ofEpochDay(epochDay);
      int y = d.getYear();
      if (y < 0 || y > 9999) {
        throw new IllegalArgumentException("year out of range for " + table + ": " + d);
      }
      cachedDate[0] = (byte) ('0' + y / 1000);
      cachedDate[1] = (byte) ('0' + y / 100 % 10);
      cachedDate[2] = (byte) ('0' + y / 10 % 10);
      cachedDate[3] = (byte) ('0' + y % 10);
      cachedDate[4] = '-';
      cachedDate[5] = (byte) ('0' + d.getMonthValue() / 10);
      cachedDate[6] = (byte) ('0' + d.getMonthValue() % 10);
      cachedDate[7] = '-';
      cachedDate[8] = (byte) ('0' + d.getDayOfMonth() / 10);
      cachedDate[9] = (byte) ('0' + d.getDayOfMonth() % 10);
      cachedDay = epochDay;
    }
    System.arraycopy(cachedDate, 0, buf, pos, 10);
    pos += 10;
  }

  private void pad2(int v) {
    buf[pos++] = (byte) ('0' + v / 10);
    buf[pos++] = (byte) ('0' + v % 10);
  }

  private void writeDigits(long v) {
    int start = pos;
    do {
      buf[pos++] = (byte) ('0' + v % 10);
      v /= 10;
    } while (v > 0);
    for (int i = start, j = pos - 1; i < j; i++, j--) {
      byte t = buf[i];
      buf[i] = buf[j];
      buf[j] = t;
    }
  }
}
