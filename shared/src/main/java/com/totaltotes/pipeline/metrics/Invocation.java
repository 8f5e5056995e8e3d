package com.totaltotes.pipeline.metrics;

import com.totaltotes.pipeline.PipelineException;
import com.totaltotes.pipeline.run.Stage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * How a handler meets a failure: every failure publishes {@code RunFailed} (Function, Permanent); a
 * transient one (timeout, refused connection, HTTP 5xx, anything not a permanent {@link
 * PipelineException}) is rethrown so that Lambda retries it; a permanent one (a retry cannot help)
 * is logged as an error and answered with a result, so Lambda does not retry it for nothing.
 */
public final class Invocation {
  private static final Logger LOG = Logger.getLogger(Invocation.class);

  private Invocation() {}

  public static <T> T run(
      RunMetrics metrics,
      Stage stage,
      Supplier<T> work,
      Function<PipelineException, T> permanentResult) {
    try {
      return work.get();
    } catch (RuntimeException e) {
      boolean permanent = e instanceof PipelineException p && p.permanent();
      metrics.failure(stage, null, permanent, String.valueOf(e.getMessage()));
      if (!permanent) {
        throw e;
      }
      LOG.errorf(
          "%s failed permanently (not retried; RunFailed published): %s", stage, e.getMessage());
      return permanentResult.apply((PipelineException) e);
    }
  }
}
