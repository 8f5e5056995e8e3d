package com.totaltotes.pipeline.load.lambda;

import com.totaltotes.pipeline.load.LoadSummary;
import java.util.List;

/**
 * What one invocation did: how many runs it loaded and skipped (already in the ledger), and each
 * run's summary. No run is looked at when the event named no manifest.
 */
public record LoadReport(int runsLoaded, int runsSkipped, List<LoadSummary> runs) {
  public LoadReport {
    runs = List.copyOf(runs);
  }

  static LoadReport of(List<LoadSummary> runs) {
    int skipped = (int) runs.stream().filter(LoadSummary::skipped).count();
    return new LoadReport(runs.size() - skipped, skipped, runs);
  }
}
