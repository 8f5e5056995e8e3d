package com.totaltotes.pipeline.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/**
 * Publishes a run's counts as one CloudWatch EMF line (namespace {@code TotesPipeline}, dimension
 * {@code Function}), so alarms depend on metrics, never on log text. Metric names: RowsExtracted,
 * RowsTransformed, RowsRejected, RowsLoaded, RunDurationMs, FreshnessLagSeconds.
 */
@ApplicationScoped
public class RunMetrics {
  public static final String NAMESPACE = "TotesPipeline";

  /** Emits {@code values} (metric name → value) for {@code function} and the run id. */
  public void publish(String function, String runId, Map<String, Double> values) {
    MetricsLogger metrics = new MetricsLogger();
    metrics.setNamespace(NAMESPACE);
    metrics.setDimensions(DimensionSet.of("Function", function));
    metrics.putProperty("run_id", runId);
    values.forEach((name, value) -> metrics.putMetric(name, value, unitOf(name)));
    metrics.flush();
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
