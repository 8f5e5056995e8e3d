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
