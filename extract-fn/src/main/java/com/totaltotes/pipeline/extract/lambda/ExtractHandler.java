package com.totaltotes.pipeline.extract.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.totaltotes.pipeline.extract.ExtractJob;
import com.totaltotes.pipeline.extract.ExtractSummary;
import com.totaltotes.pipeline.metrics.RunMetrics;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The EventBridge schedule's target. The event is only a wake-up call: the job works out what to
 * read from the last manifest. Failures propagate, so Lambda retries and alarms see them.
 */
public class ExtractHandler implements RequestHandler<ScheduledEvent, ExtractSummary> {
  private static final Logger LOG = Logger.getLogger(ExtractHandler.class);

  private final ExtractJob job;
  private final RunMetrics metrics;

  public ExtractHandler(ExtractJob job, RunMetrics metrics) {
    this.job = job;
    this.metrics = metrics;
  }

  @Override
  public ExtractSummary handleRequest(ScheduledEvent event, Context context) {
    LOG.infof("extract woken by %s event %s at %s",
        event.getSource(), event.getId(), event.getTime());
    ExtractSummary summary = job.run();
    metrics.publish("extract", summary.runId(), Map.of(
        "RowsExtracted", (double) summary.rows(), "RunDurationMs", (double) summary.durationMs()));
    return summary;
  }
}
