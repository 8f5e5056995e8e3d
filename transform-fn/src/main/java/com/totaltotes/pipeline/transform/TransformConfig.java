package com.totaltotes.pipeline.transform;

/**
 * Buckets of the transform, the most rows per Parquet part, and how many tables are transformed at
 * once (threads).
 */
public record TransformConfig(
    String ingestBucket, String processedBucket, int partRows, int workers) {
  public static final int DEFAULT_PART_ROWS = 1_000_000;
  public static final int DEFAULT_WORKERS = 2;

  public TransformConfig {
    if (ingestBucket == null || ingestBucket.isBlank()) {
      throw new IllegalArgumentException("ingest bucket is not set (INGEST_BUCKET)");
    }
    if (processedBucket == null || processedBucket.isBlank()) {
      throw new IllegalArgumentException("processed bucket is not set (PROCESSED_BUCKET)");
    }
    if (partRows < 1 || workers < 1) {
      throw new IllegalArgumentException("part rows and workers must be positive");
    }
  }

  public TransformConfig(String ingestBucket, String processedBucket) {
    this(ingestBucket, processedBucket, DEFAULT_PART_ROWS, DEFAULT_WORKERS);
  }
}
