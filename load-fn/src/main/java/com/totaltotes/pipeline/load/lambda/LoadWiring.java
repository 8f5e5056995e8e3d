package com.totaltotes.pipeline.load.lambda;

import com.totaltotes.pipeline.credentials.DatabaseCredentials;
import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.load.LoadConfig;
import com.totaltotes.pipeline.load.LoadJob;
import com.totaltotes.pipeline.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Turns the shared services and configuration into the load core. */
@ApplicationScoped
public class LoadWiring {

  @Produces
  @ApplicationScoped
  LoadJob loadJob(
      DatabaseCredentials credentials,
      ObjectStore store,
      JsonCodec json,
      @ConfigProperty(name = "totes.warehouse-secret-id") String secretId,
      @ConfigProperty(name = "totes.processed-bucket") String bucket,
      @ConfigProperty(name = "totes.load.temp-dir", defaultValue = "/tmp") Path tempDir) {
    return new LoadJob(
        credentials.connectionSource(secretId), store, json, new LoadConfig(bucket, tempDir));
  }
}
