package com.totaltotes.pipeline.cdi;

import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.manifest.ProcessedManifest;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a GraalVM native executable of any function cannot find by itself in the shared services:
 * the manifest records {@code JsonCodec} reads and writes, and the CloudWatch EMF model with its
 * Jackson serializers (aws-embedded-metrics ships no native-image metadata), which {@code
 * RunMetrics} writes every run and the alarms depend on. Each function registers its own event and
 * summary types beside its handler. The JVM build does not need this; only a native build
 * (native/verify.sh, the deploy workflow) proves it complete.
 */
@RegisterForReflection(
    targets = {
      IngestManifest.class,
      IngestManifest.Table.class,
      IngestManifest.Read.class,
      IngestManifest.Checkpoint.class,
      IngestManifest.Deletions.class,
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
final class SharedNativeImageConfig {
  private SharedNativeImageConfig() {}
}
