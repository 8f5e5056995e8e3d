package com.totaltotes.pipeline.cli;

import java.util.Objects;

/** One extract → transform → load cycle. */
public record CycleReport(StageReport extract, StageReport transform, StageReport load) {
  public CycleReport {
    Objects.requireNonNull(extract, "extract");
    Objects.requireNonNull(transform, "transform");
    Objects.requireNonNull(load, "load");
  }

  /** This cycle and a later one as one (the bounded runs of one {@code ./totes run}). */
  public CycleReport plus(CycleReport later) {
    return new CycleReport(
        extract.plus(later.extract), transform.plus(later.transform), load.plus(later.load));
  }
}
