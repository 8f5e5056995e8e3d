package com.totaltotes.pipeline.load;

import java.time.Instant;
import java.util.List;

/**
 * What one load invocation did: a summary per run looked at, the stray manifest keys skipped, and
 * the start of the newest run whose rows are in the warehouse (null: none yet), which the freshness
 * metric measures from, and the source rows the warehouse holds per source table ({@link
 * Reconciliation}); and the processed runs (and their rows) it left to the next invocation because
 * its time ran low.
 */
public record LoadResult(
    List<LoadSummary> runs,
    int strayManifestKeys,
    Instant newestLoadedRun,
    java.util.Map<String, Long> warehouseRows,
    int backlogRuns,
    long backlogRows) {
  public LoadResult {
    runs = List.copyOf(runs);
    warehouseRows = java.util.Map.copyOf(warehouseRows);
  }

  public LoadResult(
      List<LoadSummary> runs,
      int strayManifestKeys,
      Instant newestLoadedRun,
      java.util.Map<String, Long> warehouseRows) {
    this(runs, strayManifestKeys, newestLoadedRun, warehouseRows, 0, 0);
  }
}
