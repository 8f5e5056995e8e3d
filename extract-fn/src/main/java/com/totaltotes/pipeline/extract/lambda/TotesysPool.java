package com.totaltotes.pipeline.extract.lambda;

import com.totaltotes.pipeline.credentials.DatabaseTimeouts;
import com.totaltotes.pipeline.credentials.PoolLifecycle;
import com.totaltotes.pipeline.credentials.PooledConnectionSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/** The totesys pool's timeouts and SnapStart hook ({@link PoolLifecycle}). */
@ApplicationScoped
@DataSource("totesys")
public class TotesysPool extends PoolLifecycle {
  @Inject DatabaseTimeouts timeouts;
  @Inject Instance<PooledConnectionSource> pool;

  @Override
  protected DatabaseTimeouts timeouts() {
    return timeouts;
  }

  @Override
  protected PooledConnectionSource pool() {
    return pool.get();
  }

  void started(@Observes StartupEvent event) {
    registerForSnapshots();
  }
}
