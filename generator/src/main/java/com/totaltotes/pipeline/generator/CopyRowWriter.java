package com.totaltotes.pipeline.generator;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Streams rows into one table with {@code COPY ... FROM STDIN} in PostgreSQL's text format.
 *
 * <p>Fields are encoded straight into a byte buffer that is handed to the server whenever it fills,
 * so memory stays constant however many rows are written. Text is escaped as the text format
 * requires: backslash, tab, newline and carriage return become {@code \\ \t \n \r}; NULL is {@code
 * \N}. Timestamps are epoch milliseconds read as UTC wall-clock time (never the JVM zone).
 *
 * <p>Usage: {@code field(...)} calls for one row, then {@link #endRow()}; finally {@link
 * #finish()}. {@link #close()} cancels a COPY that was not finished, so a failure leaves no
 * half-open stream.
 */
final class CopyRowWriter implements AutoCloseable {

  private static final int BUFFER_BYTES = 1 << 16;
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private final String table;
  private final CopyIn copy;
  private byte[] buf = new byte[BUFFER_BYTES];
  private int pos;
  private boolean rowStarted;
  private long cachedDay = Long.MIN_VALUE;
  private final byte[] cachedDate = new byte[10];

  private CopyRowWriter(String table, CopyIn copy) {
    this.table = table;
    this.copy = copy;
  }

  /** Starts {@code COPY <table> (<columns>) FROM STDIN} on the connection. */
  static CopyRowWriter open(Connection c, TotesysTable table, String columns) throws SQLException {
    String sql = "COPY " + table.sqlName() + " (" + columns + ") FROM STDIN";
    CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
    return new CopyRowWriter(table.tableName(), copy);
  }

  CopyRowWriter integer(long value) {
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
  CopyRowWriter cents(long cents) {
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

  CopyRowWriter bool(boolean value) {
    separator();
    ensure(1);
    buf[pos++] = (byte) (value ? 't' : 'f');
    return this;
  }

  /** Text (or NULL), escaped for the COPY text format. */
  CopyRowWriter text(String value) {
    separator();
    if (value == null) {
      ensure(2);
      buf[pos++] = '\\';
      buf[pos++] = 'N';
      return this;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    ensure(bytes.length * 2);
    for (byte b : bytes) {
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

  /** A business date as text {@code YYYY-MM-DD}. */
  CopyRowWriter date(long epochDay) {
    separator();
    ensure(10);
    writeDate(epochDay);
    return this;
  }

  /** A {@code timestamp(3)} value {@code YYYY-MM-DD HH:MM:SS.mmm}. */
  CopyRowWriter timestamp(long epochMillis) {
    separator();
    ensure(23);
    long day = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
    int millisOfDay = (int) Math.floorMod(epochMillis, MILLIS_PER_DAY);
    writeDate(day);
    buf[pos++] = ' ';
    pad2(millisOfDay / 3_600_000);
    buf[pos++] = ':';
    pad2(millisOfDay / 60_000 % 60);
    buf[pos++] = ':';
    pad2(millisOfDay / 1000 % 60);
    buf[pos++] = '.';
    int millis = millisOfDay % 1000;
    buf[pos++] = (byte) ('0' + millis / 100);
    pad2(millis % 100);
    return this;
  }

  /** Ends the current row. */
  void endRow() throws SQLException {
    ensure(1);
    buf[pos++] = '\n';
    rowStarted = false;
    if (pos > BUFFER_BYTES - 512) {
      flush();
    }
  }

  /** Sends what is buffered, ends the COPY and returns the number of rows the server stored. */
  long finish() throws SQLException {
    flush();
    return copy.endCopy();
  }

  @Override
  public void close() throws SQLException {
    if (copy.isActive()) {
      copy.cancelCopy();
    }
  }

  private void flush() throws SQLException {
    if (pos > 0) {
      copy.writeToCopy(buf, 0, pos);
      pos = 0;
    }
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
