package com.totaltotes.pipeline.load.lambda;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.totaltotes.pipeline.load.LoadSummary;
import com.totaltotes.pipeline.load.TableCounts;
import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.manifest.ProcessedManifest;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.runtime.annotations.RegisterResources;

/**
 * What a GraalVM native executable cannot find by itself. The JVM build does not need this; only
 * the native build in CI proves it complete.
 *
 * <ul>
 *   <li>the event and the result the Lambda runtime (de)serialises ({@link LoadReport} and what it
 *       holds; {@link TableCounts} also goes into the load ledger as JSON);
 *   <li>the manifest records the shared {@code JsonCodec} writes and reads;
 *   <li>the CloudWatch EMF model and its Jackson serializers (aws-embedded-metrics ships no
 *       native-image metadata), which {@code RunMetrics} writes every run: the alarms depend on it;
 *   <li>parquet's Snappy codec, which parquet-hadoop loads by class name and instantiates through
 *       Hadoop's {@code ReflectionUtils};
 *   <li>the Flyway scripts, read as class-path resources by {@code WarehouseMigrator} (Flyway
 *       runs outside the Quarkus datasource here, so nothing else is sure to include them).
 * </ul>
 */
@RegisterForReflection(
    targets = {
      S3Event.class,
      LoadReport.class,
      LoadSummary.class,
      TableCounts.class,
      IngestManifest.class,
      IngestManifest.Table.class,
      ProcessedManifest.class,
      ProcessedManifest.Table.class,
      FileEntry.class
    },
    classNames = {
      "org.apache.parquet.hadoop.codec.SnappyCodec",
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
@RegisterResources(globs = "db/migration/*.sql")
final class NativeImageConfig {
  private NativeImageConfig() {}
}
