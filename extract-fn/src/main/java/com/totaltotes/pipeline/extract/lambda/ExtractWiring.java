package com.totaltotes.pipeline.extract.lambda;

import com.totaltotes.pipeline.credentials.DatabaseCredentials;
import com.totaltotes.pipeline.credentials.PooledConnectionSource;
import com.totaltotes.pipeline.extract.ExtractConfig;
import com.totaltotes.pipeline.extract.ExtractJob;
import com.totaltotes.pipeline.json.JsonCodec;
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

/** Turns the shared services and the {@link ExtractSettings} into the extract core. */
@ApplicationScoped
public class ExtractWiring {

  /** The settings are checked at start, not at the first invocation. */
  void validate(@Observes StartupEvent start, ExtractConfig config) {
    config.bucket();
  }

  @Produces
  @Singleton
  ExtractConfig extractConfig(ExtractSettings settings) {
    return settings.toConfig();
  }

  /**
   * The totesys datasource, its credentials from the secret (rotation: read again on a refused
   * login).
   */
  @Produces
  @Singleton
  PooledConnectionSource totesys(
      @DataSource("totesys") AgroalDataSource pool,
      DatabaseCredentials credentials,
      ExtractSettings settings) {
    return new PooledConnectionSource(pool, credentials, settings.totesysSecretId());
  }

  /** Requests the next invocation when a bounded run left rows (the template routes it here). */
  @Produces
  @Singleton
  Continuation continuation(ObjectStore store, ExtractSettings settings) {
    return new Continuation(store, settings.ingestBucket(), Stage.EXTRACT);
  }

  @Produces
  @ApplicationScoped
  ExtractJob extractJob(
      PooledConnectionSource totesys,
      ObjectStore store,
      JsonCodec json,
      Clock clock,
      ExtractConfig config) {
    return new ExtractJob(totesys, store, json, clock, config);
  }
}
