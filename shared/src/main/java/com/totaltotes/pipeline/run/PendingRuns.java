package com.totaltotes.pipeline.run;

import com.totaltotes.pipeline.PipelineException;
import com.totaltotes.pipeline.manifest.ManifestConflictException;
import java.util.List;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The one loop of the transform and the load: the runs not done yet, in seq order, within the
 * invocation's time budget. A run whose failure belongs to its own data ({@link PoisonRun}) is set
 * aside and the next goes on; any other failure stops the invocation, and the same run is tried
 * again. Once the budget says the next run will not fit, every run left is counted (runs and rows)
 * for the next invocation.
 */
public final class PendingRuns {
  private static final Logger LOG = Logger.getLogger(PendingRuns.class);

  private PendingRuns() {}

  /** What a stage does with its pending runs. */
  public interface Work<S> {
    /** The run's rows (from its manifest; 0 when it cannot be read): what the budget weighs. */
    long rows(RunId run);

    /** Does the run; a failure of its own data is a permanent {@link PoisonRun}. */
    S process(RunId run);

    /**
     * Sets the run aside for {@code failure}, a permanent failure of its own data, and says so in
     * its summary.
     */
    S setAside(RunId run, PipelineException failure);
  }

  /** What was left to the next invocation: runs, and their rows. */
  public record Backlog(int runs, long rows) {
    public static final Backlog NONE = new Backlog(0, 0);
  }

  /**
   * Does {@code pending} in order; each run's summary goes to {@code onRunDone} as soon as it is
   * done (so what was done survives a later failure).
   *
   * @param stage the stage, for messages
   * @throws ManifestConflictException when a concurrent invocation wrote a run first: it goes on
   *     with the later runs
   */
  public static <S> Backlog run(
      Stage stage,
      List<RunId> pending,
      TimeBudget budget,
      Deadline deadline,
      Work<S> work,
      Consumer<S> onRunDone) {
    for (int i = 0; i < pending.size(); i++) {
      RunId run = pending.get(i);
      long rows = work.rows(run);
      if (!budget.allows(rows)) {
        long left = rows;
        for (RunId later : pending.subList(i + 1, pending.size())) {
          left += work.rows(later);
        }
        Backlog backlog = new Backlog(pending.size() - i, left);
        LOG.infof(
            "%s: time is running low (%d ms left, %.0f rows/s measured): %d run(s) (%d rows) from"
                + " %s on are left to the next invocation",
            stage,
            deadline.remainingMillis(),
            budget.rowsPerSecond(),
            backlog.runs(),
            backlog.rows(),
            run);
        return backlog;
      }
      long t0 = System.nanoTime();
      S summary;
      try {
        summary = work.process(run);
      } catch (ManifestConflictException e) {
        throw e;
      } catch (PipelineException e) {
        if (!e.permanent() || !PoisonRun.is(e)) {
          throw e;
        }
        summary = work.setAside(run, e);
      }
      onRunDone.accept(summary);
      budget.done(rows, System.nanoTime() - t0);
    }
    return Backlog.NONE;
  }
}
