package com.totaltotes.pipeline.cli;

import java.util.Objects;

/** One extract → transform → load cycle. */
public record CycleReport(StageReport extract, StageReport transform, StageReport load) {
  public CycleReport {
    Objects.requireNonNull(extract, "extract");
    Objects.requireNonNull(transform, "transform");
    Objects.requireNonNull(load, "load");
  }
}
