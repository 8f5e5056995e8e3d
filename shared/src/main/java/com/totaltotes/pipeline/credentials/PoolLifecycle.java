package com.totaltotes.pipeline.credentials;

import com.totaltotes.pipeline.SqlErrors;
import io.agroal.api.AgroalPoolInterceptor;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * A function's database pool over its life. Every new pooled connection gets the {@link
 * DatabaseTimeouts} a connection of {@link PostgresConnector} gets: the server-side {@code
 * statement_timeout} and {@code lock_timeout}, and the socket timeout as the network timeout
 * (connect and login timeouts act before a connection exists: they are the datasource's JDBC
 * properties). Before a SnapStart snapshot the idle pooled connections are closed, so none is
 * restored stale; the first invocation after a restore opens fresh ones. Each function subclasses
 * it as an application-scoped bean with its datasource's qualifier
 * ({@code @DataSource("totesys")}).
 */
public abstract class PoolLifecycle implements AgroalPoolInterceptor, Resource {
  @Inject DatabaseTimeouts timeouts;

  /** Looked up lazily: the pool being created asks for this interceptor. */
  @Inject Instance<PooledConnectionSource> pool;

  /** Registers for SnapStart's checkpoint (the CRaC API); this bean holds the reference. */
  void registerForSnapshots(@Observes StartupEvent started) {
    Core.getGlobalContext().register(this);
  }

  @Override
  public void onConnectionCreate(Connection connection) {
    DatabaseTimeouts t = timeouts;
    try (Statement s = connection.createStatement()) {
      // durations in whole milliseconds: digits only, no user input
      s.execute("set statement_timeout = " + t.statement().toMillis());
      s.execute("set lock_timeout = " + t.lock().toMillis());
      connection.setNetworkTimeout(Runnable::run, Math.toIntExact(t.socket().toMillis()));
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(
          "cannot set the timeouts of a new database connection: " + SqlErrors.describe(e),
          false,
          e);
    }
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    pool.get().flush();
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    // connections are opened on demand
  }
}
