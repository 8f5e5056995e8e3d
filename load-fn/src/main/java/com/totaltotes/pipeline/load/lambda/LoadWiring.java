package com.totaltotes.pipeline.load.lambda;

import com.totaltotes.pipeline.credentials.DatabaseCredentials;
import com.totaltotes.pipeline.credentials.PooledConnectionSource;
import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.load.LoadConfig;
import com.totaltotes.pipeline.load.LoadJob;
import com.totaltotes.pipeline.run.Continuation;
import com.totaltotes.pipeline.run.Stage;
import com.totaltotes.pipeline.storage.ObjectStore;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Turns the shared services and the {@link LoadSettings} into the load core. */
@ApplicationScoped
public class LoadWiring {

  /** The settings are checked at start, not at the first invocation. */
  void validate(@Observes StartupEvent start, LoadConfig config) {
    config.processedBucket();
  }

  @Produces
  @Singleton
  LoadConfig loadConfig(LoadSettings settings) {
    return settings.toConfig();
  }

  /**
   * The warehouse datasource, its credentials from the secret (rotation: read again on a refused
   * login).
   */
  @Produces
  @Singleton
  PooledConnectionSource warehouse(
      @DataSource("warehouse") AgroalDataSource pool,
      DatabaseCredentials credentials,
      LoadSettings settings) {
    return new PooledConnectionSource(pool, credentials, settings.warehouseSecretId());
  }

  /**
   * Requests the next invocation when time ran low with runs left (the template routes it here).
   */
  @Produces
  @Singleton
  Continuation continuation(ObjectStore store, LoadSettings settings) {
    return new Continuation(store, settings.processedBucket(), Stage.LOAD);
  }

  @Produces
  @ApplicationScoped
  LoadJob loadJob(
      PooledConnectionSource warehouse,
      ObjectStore store,
      JsonCodec json,
      Clock clock,
      LoadConfig config) {
    return new LoadJob(warehouse, store, json, clock, config);
  }
}
