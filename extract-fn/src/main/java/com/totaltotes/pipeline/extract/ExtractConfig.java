package com.totaltotes.pipeline.extract;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Settings of one extract: the ingest bucket, how far before the previous watermark to re-read
 * (late commits), rows per part file, and how many connections read tables in parallel (all sharing
 * one exported snapshot), and the time zone totesys writes its zone-less last_updated in (the
 * database's clock is read in it: no watermark moves past it); the most rows one run reads from the
 * source ({@code maxRowsPerRun}, 0: no cap) and how long before the invocation's deadline a run
 * stops reading ({@code stopMargin}: the key sets and the manifest still have to be written).
 */
public record ExtractConfig(
    String bucket,
    Duration lookback,
    int partRows,
    int workers,
    ZoneId sourceTimeZone,
    long maxRowsPerRun,
    Duration stopMargin) {
  public static final Duration DEFAULT_LOOKBACK = Duration.ofMinutes(10);

  /** The zone totesys' last_updated values are written in (RDS' default zone). */
  public static final ZoneId DEFAULT_SOURCE_TIME_ZONE = ZoneOffset.UTC;

  public static final int DEFAULT_PART_ROWS = 100_000;
  public static final int DEFAULT_WORKERS = 2;

  /**
   * The row cap of a bounded run on Lambda and in {@code ./totes run} (EXTRACT_MAX_ROWS_PER_RUN).
   */
  public static final long DEFAULT_MAX_ROWS_PER_RUN = 1_000_000;

  /** No row cap: one run reads every pending row (unless a deadline stops it). */
  public static final long UNBOUNDED = 0;

  /** Time kept back from the deadline for the key sets and the manifest (EXTRACT_STOP_MARGIN). */
  public static final Duration DEFAULT_STOP_MARGIN = Duration.ofSeconds(90);

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
    if (maxRowsPerRun < 0) {
      throw new IllegalArgumentException(
          "max rows per run must be positive (or 0: no cap): " + maxRowsPerRun);
    }
    if (stopMargin == null || stopMargin.isNegative()) {
      throw new IllegalArgumentException("stop margin must be zero or positive: " + stopMargin);
    }
  }

  /** Settings without a row cap. */
  public ExtractConfig(
      String bucket, Duration lookback, int partRows, int workers, ZoneId sourceTimeZone) {
    this(bucket, lookback, partRows, workers, sourceTimeZone, UNBOUNDED, DEFAULT_STOP_MARGIN);
  }

  public ExtractConfig(String bucket, Duration lookback, int partRows, int workers) {
    this(bucket, lookback, partRows, workers, DEFAULT_SOURCE_TIME_ZONE);
  }

  /** These settings with a row cap per run (0: none). */
  public ExtractConfig withMaxRowsPerRun(long rows) {
    return new ExtractConfig(bucket, lookback, partRows, workers, sourceTimeZone, rows, stopMargin);
  }

  /** True when a run reads at most {@link #maxRowsPerRun} rows. */
  public boolean capped() {
    return maxRowsPerRun > 0;
  }

  public static ExtractConfig defaults(String bucket) {
    return new ExtractConfig(bucket, DEFAULT_LOOKBACK, DEFAULT_PART_ROWS, DEFAULT_WORKERS);
  }
}
