package com.totaltotes.pipeline.load.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.totaltotes.pipeline.load.LoadJob;
import com.totaltotes.pipeline.load.LoadSummary;
import com.totaltotes.pipeline.manifest.ManifestStore;
import com.totaltotes.pipeline.metrics.RunMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The target of the processed bucket's manifest notifications. The event is only a wake-up call:
 * the job loads every pending run from its configured bucket, whatever run or bucket the event
 * names. A record whose key is not a manifest is ignored (the notification filter should not have
 * sent it); an event without records is an error. Failures propagate to the Lambda runtime. Each
 * loaded run is published as metrics: RowsLoaded, RunDurationMs and FreshnessLagSeconds (now minus
 * the newest source {@code last_updated} the warehouse now holds).
 */
public class LoadHandler implements RequestHandler<S3Event, LoadReport> {
  private static final Logger LOG = Logger.getLogger(LoadHandler.class);

  private final LoadJob job;
  private final RunMetrics metrics;
  private final Clock clock;

  public LoadHandler(LoadJob job, RunMetrics metrics, Clock clock) {
    this.job = job;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public LoadReport handleRequest(S3Event event, Context context) {
    List<S3EventNotificationRecord> records = event == null ? null : event.getRecords();
    if (records == null || records.isEmpty()) {
      throw new IllegalArgumentException(
          "S3 event has no records: load-fn expects an ObjectCreated notification of a processed manifest");
    }
    boolean manifest = false;
    for (S3EventNotificationRecord r : records) {
      String key = r.getS3().getObject().getUrlDecodedKey();
      boolean isManifest = ManifestStore.isManifestKey(key);
      LOG.infof("load woken by %s of s3://%s/%s at %s%s", r.getEventName(),
          r.getS3().getBucket().getName(), key, r.getEventTime(), isManifest ? "" : " (not a manifest: ignored)");
      manifest |= isManifest;
    }
    if (!manifest) {
      LOG.warnf("no record of the event names a manifest under %s: nothing loaded", ManifestStore.PREFIX);
      return LoadReport.of(List.of());
    }
    List<LoadSummary> runs = job.run();
    runs.stream().filter(run -> !run.skipped()).forEach(this::publish);
    return LoadReport.of(runs);
  }

  private void publish(LoadSummary run) {
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("RowsLoaded", (double) run.rowsWritten());
    values.put("RunDurationMs", (double) run.durationMs());
    if (run.newestSourceUpdate() != null) {
      Duration lag = Duration.between(run.newestSourceUpdate().toInstant(ZoneOffset.UTC), clock.instant());
      values.put("FreshnessLagSeconds", (double) lag.toSeconds());
    }
    metrics.publish("load", run.runId(), values);
  }
}
