package com.totaltotes.pipeline.extract.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.totaltotes.pipeline.extract.ExtractJob;
import com.totaltotes.pipeline.extract.ExtractSummary;
import org.jboss.logging.Logger;

/**
 * The EventBridge schedule's target. The event is only a wake-up call: the job works out what to
 * read from the last manifest. Failures propagate, so Lambda retries and alarms see them.
 */
public class ExtractHandler implements RequestHandler<ScheduledEvent, ExtractSummary> {
  private static final Logger LOG = Logger.getLogger(ExtractHandler.class);

  private final ExtractJob job;

  public ExtractHandler(ExtractJob job) {
    this.job = job;
  }

  @Override
  public ExtractSummary handleRequest(ScheduledEvent event, Context context) {
    LOG.infof("extract woken by %s event %s at %s",
        event.getSource(), event.getId(), event.getTime());
    return job.run();
  }
}
