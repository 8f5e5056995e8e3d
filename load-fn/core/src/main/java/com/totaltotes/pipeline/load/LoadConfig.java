package com.totaltotes.pipeline.load;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Settings of the loader: the processed bucket it reads runs from, the local directory where a
 * Parquet object is copied while it is read (Parquet needs random access; on Lambda, {@code /tmp}),
 * and the bulk-load threshold: a run that stages at least this many fact rows is loaded the way
 * {@code pg_restore} loads a dump (the facts' keys dropped inside the run's transaction and added
 * again: indexes built once, foreign keys validated once, set-wise; see {@link FactKeys}); 0 loads
 * every run that way, {@link Long#MAX_VALUE} none. Their names and defaults: {@code LoadSettings}
 * (the function's configuration).
 */
public record LoadConfig(String processedBucket, Path tempDir, long bulkThresholdRows) {
  /**
   * Default of {@code load.bulk-threshold-rows} ({@code LOAD_BULK_THRESHOLD_ROWS}), from the
   * measurements in benchmarks/README.md; {@code LoadSettings} declares the same number (a test
   * checks).
   */
  public static final long DEFAULT_BULK_THRESHOLD_ROWS = 20_000;

  public LoadConfig {
    if (processedBucket == null || processedBucket.isBlank()) {
      throw new IllegalArgumentException("the processed bucket is not set (PROCESSED_BUCKET)");
    }
    if (tempDir == null || !Files.isDirectory(tempDir)) {
      throw new IllegalArgumentException(
          "the temporary directory does not exist (LOAD_TEMP_DIR): " + tempDir);
    }
    if (bulkThresholdRows < 0) {
      throw new IllegalArgumentException(
          "bulk-load threshold must be 0 or more fact rows (LOAD_BULK_THRESHOLD_ROWS): "
              + bulkThresholdRows);
    }
  }

  /** The bucket and temporary directory, with the default bulk-load threshold. */
  public LoadConfig(String processedBucket, Path tempDir) {
    this(processedBucket, tempDir, DEFAULT_BULK_THRESHOLD_ROWS);
  }
}
