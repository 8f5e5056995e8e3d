package com.totaltotes.pipeline.extract.lambda;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.totaltotes.pipeline.extract.ExtractSummary;
import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.manifest.ProcessedManifest;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a GraalVM native executable cannot find by itself: the classes Jackson reads and writes by
 * reflection. The JVM build does not need this; only the native build in CI proves it complete.
 *
 * <ul>
 *   <li>the event and the result the Lambda runtime (de)serialises;
 *   <li>the manifest records the shared {@code JsonCodec} writes and reads;
 *   <li>the CloudWatch EMF model and its Jackson serializers (aws-embedded-metrics ships no
 *       native-image metadata), which {@code RunMetrics} writes every run: the alarms depend on it.
 * </ul>
 */
@RegisterForReflection(
    targets = {
      ScheduledEvent.class,
      ExtractSummary.class,
      IngestManifest.class,
      IngestManifest.Table.class,
      ProcessedManifest.class,
      ProcessedManifest.Table.class,
      FileEntry.class
    },
    classNames = {
      "software.amazon.cloudwatchlogs.emf.model.RootNode",
      "software.amazon.cloudwatchlogs.emf.model.Metadata",
      "software.amazon.cloudwatchlogs.emf.model.MetricDirective",
      "software.amazon.cloudwatchlogs.emf.model.MetricDefinition",
      "software.amazon.cloudwatchlogs.emf.model.Unit",
      "software.amazon.cloudwatchlogs.emf.model.StorageResolution",
      "software.amazon.cloudwatchlogs.emf.serializers.InstantSerializer",
      "software.amazon.cloudwatchlogs.emf.serializers.InstantDeserializer",
      "software.amazon.cloudwatchlogs.emf.serializers.UnitSerializer",
      "software.amazon.cloudwatchlogs.emf.serializers.UnitDeserializer",
      "software.amazon.cloudwatchlogs.emf.serializers.StorageResolutionSerializer",
      "software.amazon.cloudwatchlogs.emf.serializers.StorageResolutionFilter"
    })
final class NativeImageConfig {
  private NativeImageConfig() {}
}
