package com.totaltotes.pipeline.transform.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.totaltotes.pipeline.manifest.ManifestStore;
import com.totaltotes.pipeline.metrics.Invocation;
import com.totaltotes.pipeline.metrics.RunMetrics;
import com.totaltotes.pipeline.run.Continuation;
import com.totaltotes.pipeline.run.Deadline;
import com.totaltotes.pipeline.run.Stage;
import com.totaltotes.pipeline.transform.TransformJob;
import com.totaltotes.pipeline.transform.TransformResult;
import com.totaltotes.pipeline.transform.TransformSummary;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Woken by S3 ObjectCreated events on the ingest manifests. The event is a wake-up call, not a work
 * order: the job transforms every pending run in order, whatever the event names. Each run's
 * metrics are published as soon as its manifest is written; a run set aside publishes RunFailed
 * (Permanent) and RunsSetAside. Transient failures propagate (Lambda retries); permanent ones that
 * are no run's (e.g. a missing bucket) publish RunFailed and return.
 */
public class TransformHandler implements RequestHandler<S3Event, List<TransformSummary>> {
  private static final Logger LOG = Logger.getLogger(TransformHandler.class);

  private final TransformJob job;
  private final RunMetrics metrics;
  private final Continuation continuation;

  public TransformHandler(TransformJob job, RunMetrics metrics, Continuation continuation) {
    this.job = job;
    this.metrics = metrics;
    this.continuation = continuation;
  }

  @Override
  public List<TransformSummary> handleRequest(S3Event event, Context context) {
    if (event == null || event.getRecords() == null || event.getRecords().isEmpty()) {
      throw new IllegalArgumentException("S3 event without records: not an S3 notification");
    }
    long manifests =
        event.getRecords().stream()
            .map(r -> r.getS3().getObject().getUrlDecodedKey())
            .peek(key -> LOG.infof("transform woken by s3 object %s", key))
            .filter(
                k -> ManifestStore.isManifestKey(k) || Continuation.isRequest(k, Stage.TRANSFORM))
            .count();
    if (manifests == 0) {
      LOG.warnf(
          "transform: no manifest among %d event record(s); nothing to do",
          event.getRecords().size());
      return List.of();
    }
    Deadline deadline =
        context == null ? Deadline.NONE : Deadline.ofInvocation(context::getRemainingTimeInMillis);
    long startMillis = deadline.remainingMillis();
    try {
      return Invocation.run(
          metrics,
          Stage.TRANSFORM,
          () -> {
            TransformResult result = job.run(this::publish, deadline);
            metrics.publish(
                Stage.TRANSFORM,
                null,
                Map.of(
                    RunMetrics.STRAY_MANIFEST_KEYS,
                    (double) result.strayManifestKeys(),
                    RunMetrics.BACKLOG_RUNS,
                    (double) result.backlogRuns(),
                    RunMetrics.BACKLOG_RUN_ROWS,
                    (double) result.backlogRows(),
                    RunMetrics.DIMENSION_STATE_REBUILT,
                    (double) result.stateRebuilds(),
                    RunMetrics.MANIFESTS_RESTORED,
                    (double) result.manifestsRestored()));
            if (result.backlogRuns() > 0) {
              String key =
                  continuation.request(
                      java.time.Instant.now(),
                      result.backlogRuns() + " ingest run(s) left when time ran low");
              LOG.infof(
                  "transform left %d run(s): next invocation requested (%s)",
                  result.backlogRuns(), key);
            }
            return result.runs();
          },
          e -> List.of());
    } finally {
      metrics.timeoutUsed(Stage.TRANSFORM, startMillis, deadline.remainingMillis());
    }
  }

  /** One run's metrics, as soon as its manifest is written. */
  private void publish(TransformSummary s) {
    if (s.setAside() != null) {
      metrics.runSetAside(Stage.TRANSFORM, s.runId(), s.setAside());
      return;
    }
    metrics.publish(
        Stage.TRANSFORM,
        s.runId(),
        Map.of(
            RunMetrics.ROWS_TRANSFORMED,
            (double) s.rows(),
            RunMetrics.ROWS_REJECTED,
            (double) s.rejected(),
            RunMetrics.RUN_DURATION_MS,
            (double) s.durationMs(),
            RunMetrics.RUNS_SET_ASIDE,
            0.0));
  }
}
