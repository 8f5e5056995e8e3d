package com.totaltotes.pipeline.transform;

import java.util.List;

/**
 * What one transform invocation did: a summary per run looked at, stray manifest keys skipped, the
 * ingest runs (and their rows) it left to the next invocation because its time ran low, and the
 * dimension states it rebuilt because the one it needed was gone or unreadable, and the processed
 * manifests found gone that it wrote again from the claim of their seq.
 */
public record TransformResult(
    List<TransformSummary> runs,
    int strayManifestKeys,
    int backlogRuns,
    long backlogRows,
    int stateRebuilds,
    int manifestsRestored) {
  public TransformResult {
    runs = List.copyOf(runs);
  }

  public TransformResult(List<TransformSummary> runs, int strayManifestKeys) {
    this(runs, strayManifestKeys, 0, 0, 0, 0);
  }
}
