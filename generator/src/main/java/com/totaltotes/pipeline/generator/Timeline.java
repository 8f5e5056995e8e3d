package com.totaltotes.pipeline.generator;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The span of source time a seed covers: reference rows just after {@code base}, then the orders
 * spread evenly until {@code base + span}. Instants are epoch milliseconds of the zone-less source
 * timestamps read as UTC, so nothing depends on the JVM's default zone or on the wall clock.
 */
final class Timeline {

  static final long MILLIS_PER_DAY = 86_400_000L;

  /** Reference rows are all created within the first minute; orders start after it. */
  private static final long ORDERS_OFFSET_MILLIS = 60_000L;

  private final long baseMillis;
  private final long endMillis;

  Timeline(LocalDateTime base, Duration span) {
    if (span.toMillis() < 2 * ORDERS_OFFSET_MILLIS) {
      throw new IllegalArgumentException("span must be at least 2 minutes: " + span);
    }
    this.baseMillis = toMillis(base);
    this.endMillis = baseMillis + span.toMillis();
  }

  static long toMillis(LocalDateTime t) {
    return t.toInstant(ZoneOffset.UTC).toEpochMilli();
  }

  static LocalDateTime toLocalDateTime(long epochMillis) {
    return LocalDateTime.ofEpochSecond(
        Math.floorDiv(epochMillis, 1000L),
        (int) Math.floorMod(epochMillis, 1000L) * 1_000_000,
        ZoneOffset.UTC);
  }

  static long dayOf(long epochMillis) {
    return Math.floorDiv(epochMillis, MILLIS_PER_DAY);
  }

  /** 23:59:59.999 of the day the instant falls on. */
  static long lastMilliOfDay(long epochMillis) {
    return (dayOf(epochMillis) + 1) * MILLIS_PER_DAY - 1;
  }

  /** The first 29 February on or after the day of {@code epochMillis}. */
  static long firstLeapDayFrom(long epochMillis) {
    LocalDate from = LocalDate.ofEpochDay(dayOf(epochMillis));
    for (int year = from.getYear(); ; year++) {
      if (java.time.Year.isLeap(year)) {
        LocalDate leap = LocalDate.of(year, 2, 29);
        if (!leap.isBefore(from)) {
          return leap.toEpochDay();
        }
      }
    }
  }

  long baseMillis() {
    return baseMillis;
  }

  long endMillis() {
    return endMillis;
  }

  /**
   * Creation instant of reference row {@code row} (0-based) of the {@code table}-th table: the
   * first table starts at {@code base} exactly, the others on whole seconds after it (so every seed
   * holds timestamps ending in {@code .000}), rows 7 ms apart.
   */
  long referenceCreatedAt(int table, int row) {
    long wholeSecondAfterBase = Math.floorDiv(baseMillis, 1000L) * 1000L + 1000L;
    long tableStart = table == 0 ? baseMillis : wholeSecondAfterBase + (table - 1) * 1_000L;
    return tableStart + row * 7L;
  }

  /**
   * The window [start, start + width) inside which order event {@code k} of {@code total} falls.
   */
  long orderSlotStart(long k, long total) {
    long first = baseMillis + ORDERS_OFFSET_MILLIS;
    return first + (long) ((double) (endMillis - first) * k / total);
  }

  long orderSlotWidth(long total) {
    return Math.max(1L, (endMillis - baseMillis - ORDERS_OFFSET_MILLIS) / total);
  }
}
