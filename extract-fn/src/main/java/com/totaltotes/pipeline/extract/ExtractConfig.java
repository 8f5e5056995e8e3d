package com.totaltotes.pipeline.extract;

import java.time.Duration;

/**
 * Settings of one extract: the ingest bucket, how far before the previous watermark to re-read
 * (late commits), rows per part file, and how many connections read tables in parallel (all
 * sharing one exported snapshot).
 */
public record ExtractConfig(String bucket, Duration lookback, int partRows, int workers) {
  public static final Duration DEFAULT_LOOKBACK = Duration.ofMinutes(10);
  public static final int DEFAULT_PART_ROWS = 100_000;
  public static final int DEFAULT_WORKERS = 2;

  public ExtractConfig {
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("ingest bucket is not set (INGEST_BUCKET)");
    }
    if (lookback == null || lookback.isNegative()) {
      throw new IllegalArgumentException("lookback must be zero or positive: " + lookback);
    }
    if (partRows < 1 || workers < 1) {
      throw new IllegalArgumentException("part rows and workers must be positive");
    }
  }

  public static ExtractConfig defaults(String bucket) {
    return new ExtractConfig(bucket, DEFAULT_LOOKBACK, DEFAULT_PART_ROWS, DEFAULT_WORKERS);
  }
}
