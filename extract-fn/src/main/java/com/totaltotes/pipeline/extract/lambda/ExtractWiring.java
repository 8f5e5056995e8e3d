package com.totaltotes.pipeline.extract.lambda;

import com.totaltotes.pipeline.credentials.DatabaseCredentials;
import com.totaltotes.pipeline.credentials.PooledConnectionSource;
import com.totaltotes.pipeline.extract.ExtractConfig;
import com.totaltotes.pipeline.extract.ExtractJob;
import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.run.Continuation;
import com.totaltotes.pipeline.storage.ObjectStore;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Turns the shared services and configuration into the extract core. */
@ApplicationScoped
public class ExtractWiring {

  /**
   * The totesys datasource, its credentials from the secret (rotation: read again on a refused
   * login).
   */
  @Produces
  @Singleton
  PooledConnectionSource totesys(
      @DataSource("totesys") AgroalDataSource pool,
      DatabaseCredentials credentials,
      @ConfigProperty(name = "totes.totesys-secret-id") String secretId) {
    return new PooledConnectionSource(pool, credentials, secretId);
  }

  /** Requests the next invocation when a bounded run left rows (the template routes it here). */
  @Produces
  @Singleton
  Continuation continuation(
      ObjectStore store, @ConfigProperty(name = "totes.ingest-bucket") String bucket) {
    return new Continuation(store, bucket, "extract");
  }

  @Produces
  @ApplicationScoped
  ExtractJob extractJob(
      PooledConnectionSource totesys,
      ObjectStore store,
      JsonCodec json,
      Clock clock,
      @ConfigProperty(name = "totes.ingest-bucket") String bucket,
      @ConfigProperty(name = "totes.extract.lookback", defaultValue = "PT10M") Duration lookback,
      @ConfigProperty(name = "totes.extract.part-rows", defaultValue = "100000") int partRows,
      @ConfigProperty(name = "totes.extract.workers", defaultValue = "2") int workers,
      @ConfigProperty(name = "totes.extract.source-time-zone") Optional<String> sourceTimeZone,
      @ConfigProperty(name = "totes.extract.max-rows-per-run", defaultValue = "1000000")
          long maxRowsPerRun,
      @ConfigProperty(name = "totes.extract.stop-margin", defaultValue = "PT90S")
          Duration stopMargin) {
    return new ExtractJob(
        totesys,
        store,
        json,
        clock,
        new ExtractConfig(
            bucket,
            lookback,
            partRows,
            workers,
            sourceTimeZone.map(ZoneId::of).orElse(ExtractConfig.DEFAULT_SOURCE_TIME_ZONE),
            maxRowsPerRun,
            stopMargin));
  }
}
