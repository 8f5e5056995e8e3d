package com.totaltotes.pipeline.transform;

/**
 * Buckets of the transform, the most rows per Parquet part, and how many tables are transformed at
 * once (threads). Their names and defaults: {@code TransformSettings} (the function's
 * configuration); {@link #defaults} are the same for the local runner, and {@code
 * TransformSettingsDefaultsTest} keeps the two equal.
 */
public record TransformConfig(
    String ingestBucket, String processedBucket, int partRows, int workers) {

  /** The function's defaults (its {@code @WithDefault}s), for a run outside it. */
  public static TransformConfig defaults(String ingestBucket, String processedBucket) {
    return new TransformConfig(ingestBucket, processedBucket, 1_000_000, 2);
  }

  public TransformConfig {
    if (ingestBucket == null || ingestBucket.isBlank()) {
      throw new IllegalArgumentException("the ingest bucket is not set (INGEST_BUCKET)");
    }
    if (processedBucket == null || processedBucket.isBlank()) {
      throw new IllegalArgumentException("the processed bucket is not set (PROCESSED_BUCKET)");
    }
    if (partRows < 1) {
      throw new IllegalArgumentException(
          "rows per part must be positive (TRANSFORM_PART_ROWS): " + partRows);
    }
    if (workers < 1) {
      throw new IllegalArgumentException(
          "workers must be positive (TRANSFORM_WORKERS): " + workers);
    }
  }
}
