package com.totaltotes.pipeline.transform;

/** Buckets of the transform and the most rows per Parquet part. */
public record TransformConfig(String ingestBucket, String processedBucket, int partRows) {
  public static final int DEFAULT_PART_ROWS = 1_000_000;

  public TransformConfig {
    if (ingestBucket == null || ingestBucket.isBlank()) {
      throw new IllegalArgumentException("ingest bucket is not set (INGEST_BUCKET)");
    }
    if (processedBucket == null || processedBucket.isBlank()) {
      throw new IllegalArgumentException("processed bucket is not set (PROCESSED_BUCKET)");
    }
    if (partRows < 1) {
      throw new IllegalArgumentException("part rows must be positive: " + partRows);
    }
  }

  public TransformConfig(String ingestBucket, String processedBucket) {
    this(ingestBucket, processedBucket, DEFAULT_PART_ROWS);
  }
}
