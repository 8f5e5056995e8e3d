package com.totaltotes.pipeline.extract;

import java.nio.charset.StandardCharsets;

/**
 * Parses rows of PostgreSQL's {@code COPY … TO STDOUT} text format (the extract's reading side;
 * {@code CopyTextEncoder} in shared writes the format), one row at a time, as UTF-8 bytes: fields
 * separated by tabs, the row ended by a newline, NULL as {@code \N}, and backslash escapes ({@code
 * \\ \t \n \r \b \f \v}; COPY TO never emits octal or hex escapes). Gives each field's byte range,
 * and the unescaped bytes of fields that hold escapes.
 */
final class CopyTextParser {
  private byte[] row;
  private int[] starts = new int[16];
  private int[] ends = new int[16];
  private int fields;
  private byte[] scratch = new byte[256];
  private char[] chars = new char[64];
  private byte[] iso = new byte[32];

  /** Splits {@code bytes} (one row, with or without its newline) into fields. */
  void parse(byte[] bytes) {
    row = bytes;
    int end = bytes.length;
    if (end > 0 && bytes[end - 1] == '\n') {
      end--;
    }
    fields = 0;
    int start = 0;
    for (int i = 0; i <= end; i++) {
      if (i == end || bytes[i] == '\t') {
        if (fields == starts.length) {
          starts = java.util.Arrays.copyOf(starts, fields * 2);
          ends = java.util.Arrays.copyOf(ends, fields * 2);
        }
        starts[fields] = start;
        ends[fields] = i;
        fields++;
        start = i + 1;
      } else if (bytes[i] == '\\') {
        i++; // an escaped character is never a separator
      }
    }
  }

  int fields() {
    return fields;
  }

  byte[] bytes() {
    return row;
  }

  int start(int field) {
    return starts[field];
  }

  int length(int field) {
    return ends[field] - starts[field];
  }

  boolean isNull(int field) {
    return length(field) == 2 && row[starts[field]] == '\\' && row[starts[field] + 1] == 'N';
  }

  boolean hasEscape(int field) {
    for (int i = starts[field]; i < ends[field]; i++) {
      if (row[i] == '\\') {
        return true;
      }
    }
    return false;
  }

  /**
   * The field's text as ASCII (numbers, booleans, timestamps: never escaped), decoded by {@link
   * #asciiChars} (so it overwrites {@link #chars()}).
   */
  String ascii(int field) {
    int n = asciiChars(field);
    return new String(chars, 0, n);
  }

  /**
   * The field's bytes as ASCII characters (numbers, booleans, timestamps: never escaped) in {@link
   * #chars()} from 0 to the result: {@link #ascii(int)} without a String per value.
   */
  int asciiChars(int field) {
    int n = length(field);
    if (chars.length < n) {
      chars = new char[Math.max(n, chars.length * 2)];
    }
    for (int i = 0, from = starts[field]; i < n; i++) {
      chars[i] = (char) (row[from + i] & 0xff);
    }
    return n;
  }

  char[] chars() {
    return chars;
  }

  /**
   * The field's timestamp as {@link Timestamps#isoMillis(String)} writes it, in {@link #iso()} from
   * 0 to the result; -1 when it is no plain timestamp ({@link #ascii} has it as it is).
   */
  int isoTimestamp(int field) {
    int n = length(field);
    if (iso.length < n + 4) {
      iso = new byte[n + 4];
    }
    return Timestamps.isoMillis(row, starts[field], n, iso);
  }

  byte[] iso() {
    return iso;
  }

  /** {@link #isoTimestamp} as text (the field as it is when it is no plain timestamp). */
  String timestamp(int field) {
    int n = isoTimestamp(field);
    return n < 0 ? ascii(field) : new String(iso, 0, n, StandardCharsets.ISO_8859_1);
  }

  /**
   * The field as a decimal integer (an id: ASCII digits, perhaps a sign), without a String.
   *
   * @throws NumberFormatException if it is not one
   */
  long integer(int field) {
    int from = starts[field];
    int to = ends[field];
    boolean negative = from < to && row[from] == '-';
    int i = negative ? from + 1 : from;
    if (i == to) {
      throw new NumberFormatException("not an integer: an empty field");
    }
    if (to - i > 18) {
      return Long.parseLong(ascii(field)); // all of a bigint's range, or its own error
    }
    long value = 0;
    for (; i < to; i++) {
      int digit = row[i] - '0';
      if (digit < 0 || digit > 9) {
        throw new NumberFormatException("not an integer: " + ascii(field));
      }
      value = value * 10 + digit;
    }
    return negative ? -value : value;
  }

  /** The field's bytes with COPY escapes resolved, in {@link #scratch()} from 0 to the result. */
  int unescape(int field) {
    if (scratch.length < length(field)) {
      scratch = new byte[Math.max(length(field), scratch.length * 2)];
    }
    int n = 0;
    for (int i = starts[field]; i < ends[field]; i++) {
      byte b = row[i];
      if (b == '\\' && i + 1 < ends[field]) {
        byte e = row[++i];
        b =
            switch (e) {
              case 't' -> '\t';
              case 'n' -> '\n';
              case 'r' -> '\r';
              case 'b' -> '\b';
              case 'f' -> '\f';
              case 'v' -> 0x0b;
              default -> e; // \\ and any escaped character stand for themselves
            };
      }
      scratch[n++] = b;
    }
    return n;
  }

  byte[] scratch() {
    return scratch;
  }
}
