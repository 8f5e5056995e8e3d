package com.totaltotes.pipeline.transform.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.totaltotes.pipeline.manifest.ManifestStore;
import com.totaltotes.pipeline.transform.TransformJob;
import com.totaltotes.pipeline.transform.TransformSummary;
import java.util.List;
import com.totaltotes.pipeline.metrics.RunMetrics;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Woken by S3 ObjectCreated events on the ingest manifests. The event is a wake-up call, not a
 * work order: the job transforms every pending run in order, whatever the event names.
 */
public class TransformHandler implements RequestHandler<S3Event, List<TransformSummary>> {
  private static final Logger LOG = Logger.getLogger(TransformHandler.class);

  private final TransformJob job;
  private final RunMetrics metrics;

  public TransformHandler(TransformJob job, RunMetrics metrics) {
    this.job = job;
    this.metrics = metrics;
  }

  @Override
  public List<TransformSummary> handleRequest(S3Event event, Context context) {
    if (event == null || event.getRecords() == null || event.getRecords().isEmpty()) {
      throw new IllegalArgumentException("S3 event without records: not an S3 notification");
    }
    long manifests = event.getRecords().stream()
        .map(r -> r.getS3().getObject().getUrlDecodedKey())
        .peek(key -> LOG.infof("transform woken by s3 object %s", key))
        .filter(ManifestStore::isManifestKey)
        .count();
    if (manifests == 0) {
      LOG.warnf("transform: no manifest among %d event record(s); nothing to do", event.getRecords().size());
      return List.of();
    }
    List<TransformSummary> summaries = job.run();
    for (TransformSummary s : summaries) {
      metrics.publish("transform", s.runId(), Map.of("RowsTransformed", (double) s.rows(),
          "RowsRejected", (double) s.rejected(), "RunDurationMs", (double) s.durationMs()));
    }
    return summaries;
  }
}
