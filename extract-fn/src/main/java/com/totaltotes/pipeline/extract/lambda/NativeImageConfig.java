package com.totaltotes.pipeline.extract.lambda;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.totaltotes.pipeline.extract.ExtractSummary;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a GraalVM native executable cannot find by itself: the classes Jackson reads and writes by
 * reflection. The JVM build does not need this; only a native build (native/verify.sh, the deploy
 * workflow) proves it complete. Here: the event and the result the Lambda runtime (de)serialises.
 * The shared manifest records and the EMF model are registered by {@code SharedNativeImageConfig}
 * in shared.
 */
@RegisterForReflection(targets = {ScheduledEvent.class, ExtractSummary.class, ExtractReport.class})
final class NativeImageConfig {
  private NativeImageConfig() {}
}
