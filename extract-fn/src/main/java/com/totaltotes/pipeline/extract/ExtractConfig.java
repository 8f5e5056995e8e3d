package com.totaltotes.pipeline.extract;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Settings of one extract: the ingest bucket, how far before the previous watermark to re-read
 * (late commits), rows per part file, and how many connections read tables in parallel (all sharing
 * one exported snapshot), and the time zone totesys writes its zone-less last_updated in (the
 * database's clock is read in it: no watermark moves past it).
 */
public record ExtractConfig(
    String bucket, Duration lookback, int partRows, int workers, ZoneId sourceTimeZone) {
  public static final Duration DEFAULT_LOOKBACK = Duration.ofMinutes(10);

  /** The zone totesys' last_updated values are written in (RDS' default zone). */
  public static final ZoneId DEFAULT_SOURCE_TIME_ZONE = ZoneOffset.UTC;

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
    if (sourceTimeZone == null) {
      throw new IllegalArgumentException("source time zone is not set");
    }
  }

  public ExtractConfig(String bucket, Duration lookback, int partRows, int workers) {
    this(bucket, lookback, partRows, workers, DEFAULT_SOURCE_TIME_ZONE);
  }

  public static ExtractConfig defaults(String bucket) {
    return new ExtractConfig(bucket, DEFAULT_LOOKBACK, DEFAULT_PART_ROWS, DEFAULT_WORKERS);
  }
}
