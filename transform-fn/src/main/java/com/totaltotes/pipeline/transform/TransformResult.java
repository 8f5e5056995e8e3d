package com.totaltotes.pipeline.transform;

import java.util.List;

/**
 * What one transform invocation did: a summary per run looked at, and stray manifest keys skipped.
 */
public record TransformResult(List<TransformSummary> runs, int strayManifestKeys) {
  public TransformResult {
    runs = List.copyOf(runs);
  }
}
