package com.totaltotes.pipeline.extract;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The extract's one timestamp text, {@code yyyy-MM-dd'T'HH:mm:ss.SSS}: what it writes into the JSON
 * and into the SQL literals of a window. Fixed width, so text order is time order.
 */
final class Timestamps {
  static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");

  private Timestamps() {}

  /**
   * PostgreSQL's {@code 2022-11-03 14:20:52.18} as {@code 2022-11-03T14:20:52.180}: a 'T', and
   * always three fraction digits (the server drops trailing zeros).
   */
  static String isoMillis(String text) {
    byte[] ascii = text.getBytes(StandardCharsets.ISO_8859_1);
    byte[] iso = new byte[ascii.length + 4];
    int n = isoMillis(ascii, 0, ascii.length, iso);
    return n < 0 ? text : new String(iso, 0, n, StandardCharsets.ISO_8859_1);
  }

  /**
   * {@link #isoMillis(String)} of the ASCII bytes {@code text[from, from + n)}, written into {@code
   * iso} (at least {@code n + 4} long) from 0; returns its length, or -1 when the text is no plain
   * timestamp ('infinity', a BC date: written as it is, the transform rejects the row). Bytes to
   * bytes, for the per-row path: no String or char array per value.
   */
  static int isoMillis(byte[] text, int from, int n, byte[] iso) {
    if (n < 19 || text[from + 10] != ' ') {
      return -1;
    }
    int dot = -1;
    for (int i = 19; i < n && dot < 0; i++) {
      if (text[from + i] == '.') {
        dot = i;
      }
    }
    int length = dot < 0 ? n + 4 : Math.max(n, dot + 4);
    System.arraycopy(text, from, iso, 0, n);
    iso[10] = 'T';
    int at = n;
    if (dot < 0) {
      iso[at++] = '.';
    }
    while (at < length) {
      iso[at++] = '0';
    }
    return length;
  }

  /**
   * Whether {@code ts} is a plain timestamp as {@link #isoMillis} writes one: {@code
   * yyyy-MM-ddTHH:mm:ss.} and 3 to 6 fraction digits (ASCII digits; not 'infinity', a BC date or a
   * five-digit year). Hand-written for the per-row path: a regular expression took a tenth of the
   * extract's time.
   */
  static boolean isPlainTimestamp(String ts) {
    int n = ts.length();
    if (n < 23 || n > 26) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = ts.charAt(i);
      boolean ok =
          switch (i) {
            case 4, 7 -> c == '-';
            case 10 -> c == 'T';
            case 13, 16 -> c == ':';
            case 19 -> c == '.';
            default -> c >= '0' && c <= '9';
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code yyyy-MM-dd'T'HH:mm:ss.SSS}, always three fraction digits. {@link
   * LocalDateTime#toString()} is several times faster than a formatter but drops zero seconds and
   * fractions: pad those back.
   */
  static String timestamp(LocalDateTime t) {
    String s = t.toString();
    return switch (s.length()) {
      case 16 -> s + ":00.000";
      case 19 -> s + ".000";
      case 23 -> s;
      default -> TIMESTAMP.format(t); // beyond millisecond precision: not produced by timestamp(3)
    };
  }
}
