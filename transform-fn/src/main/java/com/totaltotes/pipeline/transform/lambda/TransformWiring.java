package com.totaltotes.pipeline.transform.lambda;

import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.run.Continuation;
import com.totaltotes.pipeline.run.Stage;
import com.totaltotes.pipeline.storage.ObjectStore;
import com.totaltotes.pipeline.transform.TransformConfig;
import com.totaltotes.pipeline.transform.TransformJob;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Turns the shared services and the {@link TransformSettings} into the transform core. */
@ApplicationScoped
public class TransformWiring {

  /** The settings are checked at start, not at the first invocation. */
  void validate(@Observes StartupEvent start, TransformConfig config) {
    config.ingestBucket();
  }

  @Produces
  @Singleton
  TransformConfig transformConfig(TransformSettings settings) {
    return settings.toConfig();
  }

  /**
   * Requests the next invocation when time ran low with runs left (the template routes it here).
   */
  @Produces
  @Singleton
  Continuation continuation(ObjectStore store, TransformSettings settings) {
    return new Continuation(store, settings.processedBucket(), Stage.TRANSFORM);
  }

  @Produces
  @ApplicationScoped
  TransformJob transformJob(
      ObjectStore store, JsonCodec json, Clock clock, TransformConfig config) {
    return new TransformJob(store, json, clock, config);
  }
}
