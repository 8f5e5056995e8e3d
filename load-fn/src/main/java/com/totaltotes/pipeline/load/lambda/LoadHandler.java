package com.totaltotes.pipeline.load.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.totaltotes.pipeline.credentials.PooledConnectionSource;
import com.totaltotes.pipeline.load.LoadJob;
import com.totaltotes.pipeline.load.LoadResult;
import com.totaltotes.pipeline.load.LoadSummary;
import com.totaltotes.pipeline.manifest.ManifestStore;
import com.totaltotes.pipeline.metrics.Invocation;
import com.totaltotes.pipeline.metrics.RunMetrics;
import com.totaltotes.pipeline.run.Continuation;
import com.totaltotes.pipeline.run.Deadline;
import com.totaltotes.pipeline.run.Stage;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The target of the processed bucket's manifest notifications. The event is only a wake-up call:
 * the job loads every pending run from its configured bucket, whatever run or bucket the event
 * names. A record whose key is not a manifest is ignored (the notification filter should not have
 * sent it); an event without records is an error. Each run's metrics are published as soon as it is
 * committed (RowsLoaded, RunDurationMs; or RunFailed and RunsSetAside for a run set aside), and
 * every invocation that reaches the warehouse publishes FreshnessSeconds: now minus the start of
 * the newest loaded run. Transient failures propagate (Lambda retries); permanent ones publish
 * RunFailed and return.
 */
public class LoadHandler implements RequestHandler<S3Event, LoadReport> {
  private static final Logger LOG = Logger.getLogger(LoadHandler.class);

  private final LoadJob job;
  private final RunMetrics metrics;
  private final Clock clock;
  private final PooledConnectionSource warehouse;
  private final Continuation continuation;

  public LoadHandler(
      LoadJob job,
      RunMetrics metrics,
      Clock clock,
      PooledConnectionSource warehouse,
      Continuation continuation) {
    this.job = job;
    this.metrics = metrics;
    this.clock = clock;
    this.warehouse = warehouse;
    this.continuation = continuation;
  }

  @Override
  public LoadReport handleRequest(S3Event event, Context context) {
    List<S3EventNotificationRecord> records = event == null ? null : event.getRecords();
    if (records == null || records.isEmpty()) {
      throw new IllegalArgumentException(
          "S3 event has no records: load-fn expects an ObjectCreated notification of a processed"
              + " manifest");
    }
    boolean manifest = false;
    for (S3EventNotificationRecord r : records) {
      String key = r.getS3().getObject().getUrlDecodedKey();
      boolean isManifest =
          ManifestStore.isManifestKey(key) || Continuation.isRequest(key, Stage.LOAD);
      LOG.infof(
          "load woken by %s of s3://%s/%s at %s%s",
          r.getEventName(),
          r.getS3().getBucket().getName(),
          key,
          r.getEventTime(),
          isManifest ? "" : " (not a manifest: ignored)");
      manifest |= isManifest;
    }
    if (!manifest) {
      LOG.warnf(
          "no record of the event names a manifest under %s: nothing loaded", ManifestStore.PREFIX);
      return LoadReport.of(List.of());
    }
    Deadline deadline =
        context == null ? Deadline.NONE : Deadline.ofInvocation(context::getRemainingTimeInMillis);
    long startMillis = deadline.remainingMillis();
    try {
      return load(deadline);
    } finally {
      metrics.publish(Stage.LOAD, null, warehouse.poolMetrics());
      metrics.timeoutUsed(Stage.LOAD, startMillis, deadline.remainingMillis());
    }
  }

  private LoadReport load(Deadline deadline) {
    return Invocation.run(
        metrics,
        Stage.LOAD,
        () -> {
          LoadResult result = job.run(this::publish, deadline);
          Map<String, Double> values = new LinkedHashMap<>();
          values.put(RunMetrics.STRAY_MANIFEST_KEYS, (double) result.strayManifestKeys());
          values.put(RunMetrics.BACKLOG_RUNS, (double) result.backlogRuns());
          values.put(RunMetrics.BACKLOG_RUN_ROWS, (double) result.backlogRows());
          if (result.backlogRuns() > 0) {
            String key =
                continuation.request(
                    clock.instant(),
                    result.backlogRuns() + " processed run(s) left when time ran low");
            LOG.infof(
                "load left %d run(s): next invocation requested (%s)", result.backlogRuns(), key);
          }
          if (result.newestLoadedRun() != null) {
            values.put(
                RunMetrics.FRESHNESS_SECONDS,
                (double) Duration.between(result.newestLoadedRun(), clock.instant()).toSeconds());
          }
          metrics.publish(Stage.LOAD, null, values);
          metrics.publishPerTable(
              Stage.LOAD, null, RunMetrics.WAREHOUSE_ROWS, result.warehouseRows());
          return LoadReport.of(result.runs());
        },
        e -> LoadReport.of(List.of()));
  }

  /** One run's metrics, as soon as it is committed. */
  private void publish(LoadSummary run) {
    if (run.skipped()) {
      return;
    }
    if (run.setAside() != null) {
      metrics.runSetAside(Stage.LOAD, run.runId(), run.setAside());
      return;
    }
    Map<String, Double> values = new LinkedHashMap<>();
    values.put(RunMetrics.ROWS_LOADED, (double) run.rowsWritten());
    values.put(RunMetrics.RUN_DURATION_MS, (double) run.durationMs());
    values.put(RunMetrics.RUNS_SET_ASIDE, 0.0);
    metrics.publish(Stage.LOAD, run.runId(), values);
  }
}
