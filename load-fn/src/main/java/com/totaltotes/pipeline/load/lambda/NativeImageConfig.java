package com.totaltotes.pipeline.load.lambda;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.totaltotes.pipeline.load.LoadSummary;
import com.totaltotes.pipeline.load.TableCounts;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.runtime.annotations.RegisterResources;

/**
 * What a GraalVM native executable cannot find by itself. The JVM build does not need this; only a
 * native build (native/verify.sh, the deploy workflow) proves it complete.
 *
 * <p>(The shared manifest records and the EMF model are registered by {@code
 * SharedNativeImageConfig} in shared.)
 *
 * <ul>
 *   <li>the event and the result the Lambda runtime (de)serialises ({@link LoadReport} and what it
 *       holds; {@link TableCounts} also goes into the load ledger as JSON);
 *   <li>parquet's Snappy codec, which parquet-hadoop loads by class name and instantiates through
 *       Hadoop's {@code ReflectionUtils};
 *   <li>the Flyway scripts, read as class-path resources by {@code WarehouseMigrator} (Flyway runs
 *       outside the Quarkus datasource here, so nothing else is sure to include them).
 * </ul>
 */
@RegisterForReflection(
    targets = {S3Event.class, LoadReport.class, LoadSummary.class, TableCounts.class},
    classNames = {"org.apache.parquet.hadoop.codec.SnappyCodec"})
@RegisterResources(globs = "db/migration/*.sql")
final class NativeImageConfig {
  private NativeImageConfig() {}
}
