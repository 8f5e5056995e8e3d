package com.totaltotes.pipeline.manifest;

import com.totaltotes.pipeline.run.RunId;

/** A run's manifest: written last, it is the only proof that the run's files are complete. */
public interface Manifest {
  /** The run this manifest completes. */
  String runId();

  default RunId run() {
    return RunId.parse(runId());
  }
}
