package com.totaltotes.pipeline.run;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A run's identity: {@code <seq>-<UTC start>}, e.g. {@code 00000042-20261124T115000Z}. The sequence
 * orders runs; the clock only names them. Run ids sort lexically in run order.
 */
public record RunId(long seq, Instant startedAt) implements Comparable<RunId> {
  private static final Pattern FORMAT = Pattern.compile("(\\d{8})-(\\d{8}T\\d{6}Z)");
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
          .withResolverStyle(ResolverStyle.STRICT)
          .withZone(ZoneOffset.UTC);

  /** The largest seq a run id can hold (eight digits). */
  public static final long MAX_SEQ = 99_999_999;

  public RunId {
    if (seq < 1 || seq > MAX_SEQ) {
      throw new IllegalArgumentException("run seq out of range 1.." + MAX_SEQ + ": " + seq);
    }
    startedAt = startedAt.truncatedTo(ChronoUnit.SECONDS);
  }

  /** The run after {@code previous} (or run 1 when there is none), started at {@code now}. */
  public static RunId next(RunId previous, Instant now) {
    return new RunId(previous == null ? 1 : previous.seq() + 1, now);
  }

  /**
   * Parses {@code 00000042-20261124T115000Z}.
   *
   * @throws IllegalArgumentException naming the text and the expected format
   */
  public static RunId parse(String text) {
    Matcher m = FORMAT.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "not a run id: '" + text + "' (expected 8 digits, '-', yyyyMMddTHHmmssZ)");
    }
    try {
      return new RunId(Long.parseLong(m.group(1)), Instant.from(STAMP.parse(m.group(2))));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not a run id: '" + text + "' (bad timestamp)", e);
    }
  }

  /**
   * Whether {@code text} is a run id a chain can hold: it has the form, its timestamp is a real UTC
   * time (no month 13, no 31 February), its seq is at least 1, and a run can follow it (its seq is
   * below {@link #MAX_SEQ}). Anything else named like a run, under {@code _manifests/} for
   * instance, is a stray object: {@link #parse} and {@link #next} would refuse it, so treating it
   * as a run would stop every later run.
   */
  public static boolean isRunId(String text) {
    if (text == null || !FORMAT.matcher(text).matches()) {
      return false;
    }
    try {
      return parse(text).seq() < MAX_SEQ;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The seq part alone, zero padded: every run id with this seq starts with it. */
  public String seqPrefix() {
    return String.format("%08d-", seq);
  }

  @Override
  public int compareTo(RunId other) {
    return Long.compare(seq, other.seq);
  }

  @Override
  public String toString() {
    return String.format("%08d-%s", seq, STAMP.format(startedAt));
  }
}
