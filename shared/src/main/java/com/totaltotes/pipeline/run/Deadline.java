package com.totaltotes.pipeline.run;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How much time an invocation has left, so that a core can stop a bounded piece of work cleanly
 * before it is killed. On Lambda it is {@code Context.getRemainingTimeInMillis()}; the local runner
 * has none ({@link #NONE}).
 */
public interface Deadline {
  /** No deadline: the work is never cut short by time. */
  Deadline NONE = () -> Long.MAX_VALUE;

  /** Milliseconds left before the invocation is stopped ({@link Long#MAX_VALUE}: no deadline). */
  long remainingMillis();

  /** True when the work may be cut short by time. */
  default boolean bounded() {
    return remainingMillis() != Long.MAX_VALUE;
  }

  /** True when less than {@code margin} is left: time to stop and commit what is done. */
  default boolean within(Duration margin) {
    return remainingMillis() < margin.toMillis();
  }

  /** A deadline read from {@code remainingMillis} (e.g. the Lambda context's). */
  static Deadline of(LongSupplier remainingMillis) {
    return remainingMillis::getAsLong;
  }

  /**
   * The deadline of a Lambda invocation from its context's remaining time; none when the context
   * has no real deadline (its remaining time is not positive at the start, as with the local mock
   * event server of the tests, which sends no deadline).
   */
  static Deadline ofInvocation(LongSupplier remainingMillis) {
    return remainingMillis.getAsLong() > 0 ? of(remainingMillis) : NONE;
  }

  /** A deadline {@code left} from now, on the monotonic clock (tests, benchmarks). */
  static Deadline after(Duration left) {
    long end = System.nanoTime() + left.toNanos();
    return () -> Math.max(0, (end - System.nanoTime()) / 1_000_000);
  }
}
