package com.totaltotes.pipeline.metrics;

import com.totaltotes.pipeline.run.Stage;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/**
 * Publishes a run's counts as one CloudWatch EMF line (namespace {@code TotesPipeline}, dimension
 * {@code Function}), so alarms depend on metrics, never on log text. Handlers publish each run's
 * metrics as soon as that run is committed, and {@link #failure} on every failure.
 */
@ApplicationScoped
public class RunMetrics {
  public static final String NAMESPACE = "TotesPipeline";

  /** A failed invocation; dimensions Function, and Function + Permanent. */
  public static final String RUN_FAILED = "RunFailed";

  /** A run failed permanently, was recorded under {@code _failed/} and later runs went on. */
  public static final String RUNS_SET_ASIDE = "RunsSetAside";

  /** Rows whose last_updated is later than the database's clock at the extract. */
  public static final String ROWS_FUTURE_DATED = "RowsFutureDated";

  /**
   * Rows inserted or updated since the previous run with a last_updated before the run's window (a
   * writer's clock behind, a transaction open longer than the lookback), read by id.
   */
  public static final String ROWS_LATE = "RowsLate";

  /** Source columns the pipeline does not know, or known but unneeded columns that are gone. */
  public static final String SCHEMA_DRIFT = "SchemaDrift";

  /** Objects under {@code _manifests/} that are not run manifests (skipped). */
  public static final String STRAY_MANIFEST_KEYS = "StrayManifestKeys";

  /**
   * Dimension states the transform rebuilt from an older state and the raw runs since, because the
   * one it needed was gone or unreadable (the key is in the warning).
   */
  public static final String DIMENSION_STATE_REBUILT = "DimensionStateRebuilt";

  /**
   * Manifests the extract (ingest) or the transform (processed) wrote again from the claim of their
   * seq, because they were missing (the writer stopped between claim and manifest, or someone
   * deleted the manifest).
   */
  public static final String MANIFESTS_RESTORED = "ManifestsRestored";

  /**
   * Key sets ({@code _ids/}) of the run before that the extract found gone or unreadable: rebuilt
   * from an earlier one and the raw runs since, or, when none reads, compared with nothing.
   */
  public static final String KEY_SETS_LOST = "KeySetsLost";

  /**
   * Extract runs whose source transaction ids went back, or on by 2^30 or more, since the previous
   * run's snapshot (a restored or another cluster, a very long pause): the run read its whole
   * lookback and every id, and could not find rows written behind its window.
   */
  public static final String SNAPSHOTS_NOT_COMPARABLE = "SnapshotsNotComparable";

  /**
   * Extract runs that left rows but moved no table's position (started too close to the
   * invocation's deadline to read anything): no continuation is requested, the schedule tries
   * again.
   */
  public static final String RUNS_WITHOUT_PROGRESS = "RunsWithoutProgress";

  /**
   * Invocations that ended without a run because another invocation of the same stage claimed the
   * seq first (two extracts at once: a schedule tick and a continuation, or a retry).
   */
  public static final String RUNS_SUPERSEDED = "RunsSuperseded";

  /**
   * Source rows found deleted since the previous run (also per table: dimensions Function, Table).
   */
  public static final String ROWS_DELETED = "RowsDeleted";

  /** Rows of each source table at the extract (its key set; dimensions Function, Table). */
  public static final String SOURCE_ROWS = "SourceRows";

  /**
   * Source rows the warehouse holds per source table, deleted ones excepted (dimensions Function,
   * Table).
   */
  public static final String WAREHOUSE_ROWS = "WarehouseRows";

  /**
   * Work a stage left to later invocations: source rows a bounded extract run did not reach
   * (extract), ingest runs not transformed (transform), processed runs not loaded (load).
   */
  public static final String BACKLOG_ROWS = "BacklogRows";

  /** Runs a stage left to later invocations (transform, load). */
  public static final String BACKLOG_RUNS = "BacklogRuns";

  /** Rows of the runs a stage left to later invocations (transform, load). */
  public static final String BACKLOG_RUN_ROWS = "BacklogRunRows";

  /** The invocation's duration as a percentage of the function's timeout. */
  public static final String TIMEOUT_USED_PERCENT = "TimeoutUsedPercent";

  /** Seconds since the start of the newest successfully loaded run. */
  public static final String FRESHNESS_SECONDS = "FreshnessSeconds";

  /** Rows an extract run wrote to the ingest bucket. */
  public static final String ROWS_EXTRACTED = "RowsExtracted";

  /** Rows a transform run wrote to the processed bucket. */
  public static final String ROWS_TRANSFORMED = "RowsTransformed";

  /** Rows a transform run rejected (each in {@code _rejects/} with its reason). */
  public static final String ROWS_REJECTED = "RowsRejected";

  /** Rows a load run wrote to the warehouse. */
  public static final String ROWS_LOADED = "RowsLoaded";

  /** How long one run took. */
  public static final String RUN_DURATION_MS = "RunDurationMs";

  /** Emits {@code values} (metric name → value) for {@code stage} and the run id (may be null). */
  public void publish(Stage stage, String runId, Map<String, Double> values) {
    MetricsLogger metrics = logger(DimensionSet.of("Function", stage.id()));
    if (runId != null) {
      metrics.putProperty("run_id", runId);
    }
    values.forEach((name, value) -> metrics.putMetric(name, value, unitOf(name)));
    metrics.flush();
  }

  /**
   * Emits {@code metric} once per table (dimensions Function and Table), e.g. the rows deleted in
   * each source table.
   */
  public void publishPerTable(
      Stage stage, String runId, String metric, Map<String, ? extends Number> perTable) {
    perTable.forEach(
        (table, value) -> {
          MetricsLogger metrics = logger(DimensionSet.of("Function", stage.id(), "Table", table));
          if (runId != null) {
            metrics.putProperty("run_id", runId);
          }
          metrics.putMetric(metric, value.doubleValue(), unitOf(metric));
          metrics.flush();
        });
  }

  /**
   * Emits {@code TimeoutUsedPercent}: how much of the invocation's time was used, from the time
   * left at its start ({@code startMillis}, about the timeout) and now ({@code leftMillis}).
   * Nothing when there is no deadline.
   */
  public void timeoutUsed(Stage stage, long startMillis, long leftMillis) {
    if (startMillis <= 0 || startMillis == Long.MAX_VALUE) {
      return;
    }
    double used = 100.0 * (startMillis - leftMillis) / startMillis;
    publish(stage, null, Map.of(TIMEOUT_USED_PERCENT, Math.max(0, used)));
  }

  /**
   * A run set aside: {@code RunFailed} (permanent) with the reason, and {@code RunsSetAside = 1}.
   */
  public void runSetAside(Stage stage, String runId, String reason) {
    failure(stage, runId, true, reason);
    publish(stage, runId, Map.of(RUNS_SET_ASIDE, 1.0));
  }

  /**
   * Emits {@code RunFailed = 1} for {@code stage}, under the dimension sets [Function] and
   * [Function, Permanent], with the reason as a property (never a secret: failure messages carry
   * none).
   */
  public void failure(Stage stage, String runId, boolean permanent, String reason) {
    MetricsLogger metrics =
        logger(
            DimensionSet.of("Function", stage.id()),
            DimensionSet.of("Function", stage.id(), "Permanent", String.valueOf(permanent)));
    if (runId != null) {
      metrics.putProperty("run_id", runId);
    }
    metrics.putProperty("reason", reason == null ? "" : reason);
    metrics.putMetric(RUN_FAILED, 1, Unit.COUNT);
    metrics.flush();
  }

  private static MetricsLogger logger(DimensionSet... dimensions) {
    MetricsLogger metrics = new MetricsLogger();
    metrics.setNamespace(NAMESPACE);
    metrics.setDimensions(dimensions);
    return metrics;
  }

  private static Unit unitOf(String name) {
    if (name.endsWith("Ms")) {
      return Unit.MILLISECONDS;
    }
    if (name.endsWith("Seconds")) {
      return Unit.SECONDS;
    }
    return Unit.COUNT;
  }
}
