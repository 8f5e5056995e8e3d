package com.totaltotes.pipeline.transform.lambda;

import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.storage.ObjectStore;
import com.totaltotes.pipeline.transform.TransformConfig;
import com.totaltotes.pipeline.transform.TransformJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Turns the shared services and configuration into the transform core. */
@ApplicationScoped
public class TransformWiring {

  /**
   * Requests the next invocation when time ran low with runs left (the template routes it here).
   */
  @Produces
  @jakarta.inject.Singleton
  com.totaltotes.pipeline.run.Continuation continuation(
      com.totaltotes.pipeline.storage.ObjectStore store,
      @ConfigProperty(name = "totes.processed-bucket") String bucket) {
    return new com.totaltotes.pipeline.run.Continuation(store, bucket, "transform");
  }

  @Produces
  @ApplicationScoped
  TransformJob transformJob(
      ObjectStore store,
      JsonCodec json,
      Clock clock,
      @ConfigProperty(name = "totes.ingest-bucket") String ingestBucket,
      @ConfigProperty(name = "totes.processed-bucket") String processedBucket,
      @ConfigProperty(name = "totes.transform.part-rows", defaultValue = "1000000") int partRows,
      @ConfigProperty(name = "totes.transform.workers", defaultValue = "2") int workers) {
    return new TransformJob(
        store, json, clock, new TransformConfig(ingestBucket, processedBucket, partRows, workers));
  }
}
