package com.totaltotes.pipeline.load.lambda;

import com.totaltotes.pipeline.credentials.DatabaseCredentials;
import com.totaltotes.pipeline.credentials.PooledConnectionSource;
import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.load.LoadConfig;
import com.totaltotes.pipeline.load.LoadJob;
import com.totaltotes.pipeline.storage.ObjectStore;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Turns the shared services and configuration into the load core. */
@ApplicationScoped
public class LoadWiring {

  /**
   * The warehouse datasource, its credentials from the secret (rotation: read again on a refused
   * login).
   */
  @Produces
  @Singleton
  PooledConnectionSource warehouse(
      @DataSource("warehouse") AgroalDataSource pool,
      DatabaseCredentials credentials,
      @ConfigProperty(name = "totes.warehouse-secret-id") String secretId) {
    return new PooledConnectionSource(pool, credentials, secretId);
  }

  /**
   * Requests the next invocation when time ran low with runs left (the template routes it here).
   */
  @Produces
  @jakarta.inject.Singleton
  com.totaltotes.pipeline.run.Continuation continuation(
      com.totaltotes.pipeline.storage.ObjectStore store,
      @ConfigProperty(name = "totes.processed-bucket") String bucket) {
    return new com.totaltotes.pipeline.run.Continuation(store, bucket, "load");
  }

  @Produces
  @ApplicationScoped
  LoadJob loadJob(
      PooledConnectionSource warehouse,
      ObjectStore store,
      JsonCodec json,
      @ConfigProperty(name = "totes.processed-bucket") String bucket,
      @ConfigProperty(name = "totes.load.temp-dir", defaultValue = "/tmp") Path tempDir) {
    return new LoadJob(warehouse, store, json, new LoadConfig(bucket, tempDir));
  }
}
