package com.totaltotes.pipeline.extract;

import java.time.Duration;
import java.time.ZoneId;

/**
 * Settings of one extract: the ingest bucket, how far before the previous watermark to re-read
 * (late commits), rows per part file, and how many connections read tables in parallel (all sharing
 * one exported snapshot), and the time zone totesys writes its zone-less last_updated in (the
 * database's clock is read in it: no watermark moves past it); the most rows one run reads from the
 * source ({@code maxRowsPerRun}, 0: no cap) and how long before the invocation's deadline a run
 * stops reading ({@code stopMargin}: the key sets and the manifest still have to be written). Their
 * names and defaults: {@code ExtractSettings} (the function's configuration); {@link #defaults} are
 * the same for the local runner, and {@code ExtractSettingsTest} keeps the two equal.
 */
public record ExtractConfig(
    String bucket,
    Duration lookback,
    int partRows,
    int workers,
    ZoneId sourceTimeZone,
    long maxRowsPerRun,
    Duration stopMargin) {

  /** No row cap: one run reads every pending row (unless a deadline stops it). */
  public static final long UNBOUNDED = 0;

  /** The default row cap of one run. */
  public static final long DEFAULT_MAX_ROWS_PER_RUN = 1_000_000;

  /** The function's defaults (its {@code @WithDefault}s), for a run outside it. */
  public static ExtractConfig defaults(String bucket) {
    return new ExtractConfig(
        bucket,
        Duration.ofMinutes(10),
        100_000,
        2,
        ZoneId.of("UTC"),
        DEFAULT_MAX_ROWS_PER_RUN,
        Duration.ofSeconds(90));
  }

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
    if (maxRowsPerRun < 0) {
      throw new IllegalArgumentException(
          "max rows per run must be positive, or 0: no cap (EXTRACT_MAX_ROWS_PER_RUN): "
              + maxRowsPerRun);
    }
    if (stopMargin == null || stopMargin.isNegative()) {
      throw new IllegalArgumentException(
          "the stop margin must be zero or positive (EXTRACT_STOP_MARGIN): " + stopMargin);
    }
  }

  /** Settings without a row cap or a stop margin: for runs without a deadline (tests, tools). */
  public ExtractConfig(
      String bucket, Duration lookback, int partRows, int workers, ZoneId sourceTimeZone) {
    this(bucket, lookback, partRows, workers, sourceTimeZone, UNBOUNDED, Duration.ZERO);
  }

  /** These settings, reading the source's clock in {@code zone}. */
  public ExtractConfig withSourceTimeZone(ZoneId zone) {
    return new ExtractConfig(bucket, lookback, partRows, workers, zone, maxRowsPerRun, stopMargin);
  }

  /** These settings with a row cap per run (0: none). */
  public ExtractConfig withMaxRowsPerRun(long rows) {
    return new ExtractConfig(bucket, lookback, partRows, workers, sourceTimeZone, rows, stopMargin);
  }

  /** True when a run reads at most {@link #maxRowsPerRun} rows. */
  public boolean capped() {
    return maxRowsPerRun > 0;
  }
}
