package com.totaltotes.pipeline.credentials;

import io.agroal.api.AgroalPoolInterceptor;
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
 * properties). Before a SnapStart snapshot every pooled connection is closed, so none is restored
 * stale; the first invocation after a restore opens fresh ones. Each function subclasses it with its
 * datasource's qualifier and registers it at start.
 */
public abstract class PoolLifecycle implements AgroalPoolInterceptor, Resource {
  protected abstract DatabaseTimeouts timeouts();

  /** The pool (looked up lazily: the pool being created asks for this interceptor). */
  protected abstract PooledConnectionSource pool();

  /** Registers for SnapStart's checkpoint (the CRaC API); the subclass, a bean, holds the reference. */
  protected void registerForSnapshots() {
    Core.getGlobalContext().register(this);
  }

  @Override
  public void onConnectionCreate(Connection connection) {
    DatabaseTimeouts t = timeouts();
    try (Statement s = connection.createStatement()) {
      // durations in whole milliseconds: digits only, no user input
      s.execute("set statement_timeout = " + t.statement().toMillis());
      s.execute("set lock_timeout = " + t.lock().toMillis());
      connection.setNetworkTimeout(Runnable::run, Math.toIntExact(t.socket().toMillis()));
    } catch (SQLException e) {
      throw new DatabaseUnavailableException("cannot set the timeouts of a new database connection (SQLState "
          + e.getSQLState() + ")", false, e);
    }
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    pool().flush();
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    // connections are opened on demand
  }
}
