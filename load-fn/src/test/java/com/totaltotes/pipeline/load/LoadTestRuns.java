package com.totaltotes.pipeline.load;

import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.storage.ObjectStore;

/** Processed runs for tests outside this package (the handler test). */
public final class LoadTestRuns {
  private LoadTestRuns() {}

  /** The id of test run {@code seq}. */
  public static RunId run(long seq) {
    return ProcessedRunWriter.run(seq);
  }

  /** Writes the sample run (all 11 tables) as run {@code seq}. */
  public static RunId writeSampleRun(ObjectStore store, String bucket, long seq) {
    new ProcessedRunWriter(store, bucket, 100).write(run(seq), SampleRows.first().asMap());
    return run(seq);
  }

  /** Writes run {@code seq} with no rows (its manifest lists all 11 tables, without files). */
  public static RunId writeEmptyRun(ObjectStore store, String bucket, long seq) {
    new ProcessedRunWriter(store, bucket, 100).write(run(seq), new RunRows().asMap());
    return run(seq);
  }
}
