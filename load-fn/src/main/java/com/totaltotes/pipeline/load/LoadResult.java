package com.totaltotes.pipeline.load;

import java.time.Instant;
import java.util.List;

/**
 * What one load invocation did: a summary per run looked at, the stray manifest keys skipped, and
 * the start of the newest run whose rows are in the warehouse (null: none yet), which the
 * freshness metric measures from.
 */
public record LoadResult(List<LoadSummary> runs, int strayManifestKeys, Instant newestLoadedRun) {
  public LoadResult {
    runs = List.copyOf(runs);
  }
}
