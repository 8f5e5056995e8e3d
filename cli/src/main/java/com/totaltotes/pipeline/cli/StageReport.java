package com.totaltotes.pipeline.cli;

import com.totaltotes.pipeline.run.Stage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one stage of a cycle did.
 *
 * @param stage extract, transform or load
 * @param runIds the runs the stage worked on, in run order (empty: nothing was pending)
 * @param rows rows written: extracted rows, transformed rows, or warehouse rows inserted or updated
 * @param rejected rows the transform rejected (0 for the other stages)
 * @param skippedRuns runs the loader found already in its ledger (0 for the other stages)
 * @param elapsed wall-clock time of the stage
 * @param setAside the runs this stage set aside (a permanent failure of the run's own data), each
 *     with its reason; the later runs went on
 * @param deleted source rows the extract found deleted since the previous run (0 for the others)
 * @param backlog source rows the extract left to the next bounded run (0: caught up; 0 for the
 *     others)
 */
public record StageReport(
    Stage stage,
    List<String> runIds,
    long rows,
    long rejected,
    long skippedRuns,
    Duration elapsed,
    Map<String, String> setAside,
    long deleted,
    long backlog) {

  public StageReport(
      Stage stage,
      List<String> runIds,
      long rows,
      long rejected,
      long skippedRuns,
      Duration elapsed,
      Map<String, String> setAside,
      long deleted) {
    this(stage, runIds, rows, rejected, skippedRuns, elapsed, setAside, deleted, 0);
  }

  public StageReport(
      Stage stage,
      List<String> runIds,
      long rows,
      long rejected,
      long skippedRuns,
      Duration elapsed,
      Map<String, String> setAside) {
    this(stage, runIds, rows, rejected, skippedRuns, elapsed, setAside, 0);
  }

  public StageReport(
      Stage stage,
      List<String> runIds,
      long rows,
      long rejected,
      long skippedRuns,
      Duration elapsed) {
    this(stage, runIds, rows, rejected, skippedRuns, elapsed, Map.of());
  }

  public StageReport {
    Objects.requireNonNull(stage, "stage");
    runIds = List.copyOf(runIds);
    Objects.requireNonNull(elapsed, "elapsed");
    setAside = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(setAside));
  }

  /**
   * This report and a later one of the same stage as one: runs, rows and times added, set-aside
   * runs of both, the later one's backlog.
   */
  public StageReport plus(StageReport later) {
    List<String> runs = new java.util.ArrayList<>(runIds);
    runs.addAll(later.runIds);
    Map<String, String> both = new java.util.LinkedHashMap<>(setAside);
    both.putAll(later.setAside);
    return new StageReport(
        stage,
        runs,
        rows + later.rows,
        rejected + later.rejected,
        skippedRuns + later.skippedRuns,
        elapsed.plus(later.elapsed),
        both,
        deleted + later.deleted,
        later.backlog);
  }

  /** Elapsed seconds with millisecond precision. */
  public java.math.BigDecimal seconds() {
    return java.math.BigDecimal.valueOf(elapsed.toMillis(), 3);
  }
}
