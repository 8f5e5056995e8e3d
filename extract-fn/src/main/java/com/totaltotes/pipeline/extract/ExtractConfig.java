package com.totaltotes.pipeline.extract;

import java.time.Duration;
import java.time.ZoneId;

/**
 * Settings of one extract: the ingest bucket, how far before the previous watermark to re-read
 * (late commits), rows per part file, and how many connections read tables in parallel (all sharing
 * one exported snapshot), and the time zone totesys writes its zone-less last_updated in (the
 * database's clock is read in it: no watermark moves past it). Their names and defaults: {@code
 * ExtractSettings} (the function's configuration).
 */
public record ExtractConfig(
    String bucket, Duration lookback, int partRows, int workers, ZoneId sourceTimeZone) {

  public ExtractConfig {
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("the ingest bucket is not set (INGEST_BUCKET)");
    }
    if (lookback == null || lookback.isNegative()) {
      throw new IllegalArgumentException(
          "the lookback must be zero or positive (EXTRACT_LOOKBACK): " + lookback);
    }
    if (partRows < 1) {
      throw new IllegalArgumentException(
          "rows per part must be positive (EXTRACT_PART_ROWS): " + partRows);
    }
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be positive (EXTRACT_WORKERS): " + workers);
    }
    if (sourceTimeZone == null) {
      throw new IllegalArgumentException(
          "the source time zone is not set (EXTRACT_SOURCE_TIME_ZONE)");
    }
  }

  /** These settings, reading the source's clock in {@code zone}. */
  public ExtractConfig withSourceTimeZone(ZoneId zone) {
    return new ExtractConfig(bucket, lookback, partRows, workers, zone);
  }
}
