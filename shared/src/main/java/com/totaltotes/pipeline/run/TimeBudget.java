package com.totaltotes.pipeline.run;

import java.time.Duration;

/**
 * Whether the next run fits in what is left of an invocation: its rows (from its manifest) at the
 * rate measured on the runs done so far in this invocation (a prior rate before the first), with a
 * safety factor, against the time left less a margin. The first run of an invocation is always
 * done: runs are bounded by construction (the extract's row cap), so one run fits a fresh
 * invocation when the timeout is sized by the sizing guide (docs/DEPLOY.md).
 */
public final class TimeBudget {
  /** Time kept back from the deadline: the manifest, the metrics, the continuation request. */
  public static final Duration DEFAULT_MARGIN = Duration.ofSeconds(60);

  /** Estimated time is multiplied by this before it is compared with the time left. */
  static final double SAFETY = 1.5;

  private final Deadline deadline;
  private final Duration margin;
  private final double priorRowsPerSecond;
  private long rows;
  private long nanos;
  private int runs;

  public TimeBudget(Deadline deadline, Duration margin, double priorRowsPerSecond) {
    this.deadline = deadline;
    this.margin = margin;
    this.priorRowsPerSecond = priorRowsPerSecond;
  }

  /**
   * True when a run of {@code rows} rows is expected to end before the deadline less the margin.
   */
  public boolean allows(long nextRows) {
    if (runs == 0 || !deadline.bounded()) {
      return true;
    }
    double rate = rows > 0 && nanos > 0 ? rows / (nanos / 1e9) : priorRowsPerSecond;
    double estimateMs = Math.max(1, nextRows) / rate * 1000 * SAFETY;
    return deadline.remainingMillis() - margin.toMillis() > estimateMs;
  }

  /** Records a run done: its rows and how long it took. */
  public void done(long runRows, long runNanos) {
    runs++;
    rows += runRows;
    nanos += runNanos;
  }

  /** The measured rate so far, rows per second (the prior before any run). */
  public double rowsPerSecond() {
    return rows > 0 && nanos > 0 ? rows / (nanos / 1e9) : priorRowsPerSecond;
  }
}
