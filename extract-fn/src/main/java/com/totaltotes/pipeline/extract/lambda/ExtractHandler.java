package com.totaltotes.pipeline.extract.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.totaltotes.pipeline.PipelineException;
import com.totaltotes.pipeline.credentials.PooledConnectionSource;
import com.totaltotes.pipeline.extract.ExtractJob;
import com.totaltotes.pipeline.extract.ExtractSummary;
import com.totaltotes.pipeline.manifest.ManifestConflictException;
import com.totaltotes.pipeline.metrics.Invocation;
import com.totaltotes.pipeline.metrics.RunMetrics;
import com.totaltotes.pipeline.run.Continuation;
import com.totaltotes.pipeline.run.Deadline;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.run.Stage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The EventBridge schedule's target. The event is only a wake-up call: the job works out what to
 * read from the last manifest. A repair event ({@code "source":"totes.repair"}, {@code
 * "detail":{"run":"<run id>"}}) runs an extract that also repairs that set-aside run. A run that
 * stops with rows left (its row cap, or the invocation's deadline) requests the next invocation at
 * once ({@link Continuation}: an S3 notification the template routes back here). Transient failures
 * propagate, so Lambda retries them; permanent ones publish RunFailed and return.
 */
public class ExtractHandler implements RequestHandler<ScheduledEvent, ExtractReport> {
  /** The event source of a repair invocation. */
  public static final String REPAIR_SOURCE = "totes.repair";

  private static final Logger LOG = Logger.getLogger(ExtractHandler.class);

  private final ExtractJob job;
  private final RunMetrics metrics;
  private final PooledConnectionSource totesys;
  private final Continuation continuation;

  public ExtractHandler(
      ExtractJob job,
      RunMetrics metrics,
      PooledConnectionSource totesys,
      Continuation continuation) {
    this.job = job;
    this.metrics = metrics;
    this.totesys = totesys;
    this.continuation = continuation;
  }

  @Override
  public ExtractReport handleRequest(ScheduledEvent event, Context context) {
    LOG.infof(
        "extract woken by %s event %s at %s", event.getSource(), event.getId(), event.getTime());
    Deadline deadline = deadline(context);
    long startMillis = deadline.remainingMillis();
    try {
      return Invocation.run(
          metrics,
          Stage.EXTRACT,
          () -> {
            ExtractSummary summary;
            try {
              summary = job.run(repairs(event), deadline);
            } catch (ManifestConflictException e) {
              // another invocation completed this seq first: nothing of this one is ever read
              LOG.warnf(
                  "extract ended without a run (%s): %s",
                  RunMetrics.RUNS_SUPERSEDED, e.getMessage());
              metrics.publish(Stage.EXTRACT, null, Map.of(RunMetrics.RUNS_SUPERSEDED, 1.0));
              return new ExtractReport(null, e.getMessage());
            }
            publish(summary);
            switch (summary.next()) {
              case STALLED -> {
                // no position moved (the invocation started too close to its timeout for the stop
                // margin): no request, or invocations would follow each other without progress;
                // the schedule tries again
                LOG.warnf(
                    "extract run %s moved no position and left %d rows: is the timeout larger"
                        + " than EXTRACT_STOP_MARGIN? No next run requested; the next scheduled run"
                        + " continues",
                    summary.runId(), summary.backlogRows());
                metrics.publish(
                    Stage.EXTRACT, summary.runId(), Map.of(RunMetrics.RUNS_WITHOUT_PROGRESS, 1.0));
              }
              case CONTINUE -> {
                // the next bounded run starts at once, not at the next schedule tick
                String key =
                    continuation.request(
                        Instant.now(),
                        "extract run "
                            + summary.runId()
                            + " left "
                            + summary.backlogRows()
                            + " rows");
                LOG.infof(
                    "extract run %s left %d rows: next run requested (%s)",
                    summary.runId(), summary.backlogRows(), key);
              }
              case DONE -> {
                // caught up as of this run's snapshot
              }
            }
            return new ExtractReport(summary, null);
          },
          e -> new ExtractReport(null, e.getMessage()));
    } finally {
      metrics.publish(Stage.EXTRACT, null, totesys.poolMetrics());
      metrics.timeoutUsed(Stage.EXTRACT, startMillis, deadline.remainingMillis());
    }
  }

  /**
   * The invocation's deadline, from {@code Context.getRemainingTimeInMillis()}: a bounded run stops
   * reading before it and leaves the rest to the next run. No context (a direct call): none.
   */
  public static Deadline deadline(Context context) {
    return context == null
        ? Deadline.NONE
        : Deadline.ofInvocation(context::getRemainingTimeInMillis);
  }

  /** The run a repair event names; none for a scheduled tick. */
  private static List<RunId> repairs(ScheduledEvent event) {
    if (!REPAIR_SOURCE.equals(event.getSource())) {
      return List.of();
    }
    Object run = event.getDetail() == null ? null : event.getDetail().get("run");
    if (!(run instanceof String id) || !RunId.isRunId(id)) {
      throw PipelineException.permanentFailure(
          "repair event without a run id in detail.run (e.g. {\"source\":\""
              + REPAIR_SOURCE
              + "\",\"detail\":{\"run\":\"00000042-20261124T115000Z\"}})");
    }
    return List.of(RunId.parse(id));
  }

  private void publish(ExtractSummary summary) {
    Map<String, Double> values = new LinkedHashMap<>();
    values.put(RunMetrics.ROWS_EXTRACTED, (double) summary.rows());
    values.put(RunMetrics.RUN_DURATION_MS, (double) summary.durationMs());
    values.put(RunMetrics.ROWS_FUTURE_DATED, (double) summary.futureRows());
    values.put(RunMetrics.ROWS_LATE, (double) summary.lateRows());
    values.put(RunMetrics.SCHEMA_DRIFT, (double) summary.schemaDrift());
    values.put(RunMetrics.STRAY_MANIFEST_KEYS, (double) summary.strayManifestKeys());
    values.put(RunMetrics.ROWS_DELETED, (double) summary.deletedRows());
    values.put(RunMetrics.BACKLOG_ROWS, (double) summary.backlogRows());
    values.put(RunMetrics.MANIFESTS_RESTORED, (double) summary.manifestsRestored());
    values.put(RunMetrics.KEY_SETS_LOST, (double) summary.keySetsLost());
    values.put(RunMetrics.SNAPSHOTS_NOT_COMPARABLE, summary.snapshotNotComparable() ? 1.0 : 0.0);
    metrics.publish(Stage.EXTRACT, summary.runId(), values);
    metrics.publishPerTable(
        Stage.EXTRACT, summary.runId(), RunMetrics.ROWS_DELETED, summary.deletedPerTable());
    metrics.publishPerTable(
        Stage.EXTRACT, summary.runId(), RunMetrics.SOURCE_ROWS, summary.sourceRowsPerTable());
  }
}
