package com.totaltotes.pipeline.transform.lambda;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.totaltotes.pipeline.transform.TransformSummary;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a GraalVM native executable cannot find by itself. The JVM build does not need this; only a
 * native build (native/verify.sh, the deploy workflow) proves it complete.
 *
 * <p>(The shared manifest records and the EMF model are registered by {@code
 * SharedNativeImageConfig} in shared.)
 *
 * <ul>
 *   <li>the event and the result the Lambda runtime (de)serialises;
 *   <li>parquet's Snappy codec, which parquet-hadoop loads by class name and instantiates through
 *       Hadoop's {@code ReflectionUtils}. (The codec calls snappy-java's JNI library, whose classes
 *       shared's {@code native-image.properties} initialises at run time.)
 * </ul>
 */
@RegisterForReflection(
    targets = {S3Event.class, TransformSummary.class},
    classNames = {"org.apache.parquet.hadoop.codec.SnappyCodec"})
final class NativeImageConfig {
  private NativeImageConfig() {}
}
