package com.totaltotes.pipeline.credentials;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.AgroalDataSourceMetrics;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A {@link ConnectionSource} over a Quarkus (Agroal) datasource whose credentials come from a
 * Secrets Manager secret: connections are pooled and kept across warm invocations, and validated
 * when borrowed. When the database refuses the login (a rotated password), the cached secret is
 * dropped, the pool's idle connections closed and the connection tried once more with the secret
 * read again; a second refusal is a permanent failure naming the secret id, never a password.
 */
public final class PooledConnectionSource implements ConnectionSource {
  private final AgroalDataSource pool;
  private final DatabaseCredentials credentials;
  private final String secretId;
  private long createdBefore;

  public PooledConnectionSource(
      AgroalDataSource pool, DatabaseCredentials credentials, String secretId) {
    this.pool = pool;
    this.credentials = credentials;
    this.secretId = secretId;
  }

  @Override
  public Connection open() {
    try {
      return pool.getConnection();
    } catch (SQLException e) {
      if (!refusedLogin(e)) {
        throw failure(e);
      }
      // the password may have been rotated since it was cached: read the secret once more (every
      // new connection asks the credentials provider). Idle sessions logged in with the old
      // password are closed; never FlushMode.ALL: Agroal flushes on its housekeeping thread, so
      // ALL could close the connection borrowed next, under its user.
      credentials.invalidate(secretId);
      pool.flush(AgroalDataSource.FlushMode.IDLE);
      try {
        return pool.getConnection();
      } catch (SQLException again) {
        throw failure(again);
      }
    } catch (RuntimeException e) {
      if (e instanceof DatabaseUnavailableException
          || e instanceof com.totaltotes.pipeline.PipelineException) {
        throw e; // from the credentials provider: a missing or malformed secret
      }
      throw new DatabaseUnavailableException(
          "cannot connect to the database of " + describe() + ": " + e, false, e);
    }
  }

  /**
   * The pool's health since the last call, as metric values: connections created (0 on a warm
   * invocation that reused its connections), the average time to create one and to acquire one
   * (ms), connections in use and idle now, and connections found invalid when borrowed (in all).
   */
  public synchronized java.util.Map<String, Double> poolMetrics() {
    AgroalDataSourceMetrics m = pool.getMetrics();
    long created = m.creationCount();
    java.util.Map<String, Double> values = new java.util.LinkedHashMap<>();
    values.put("PoolConnectionsCreated", (double) (created - createdBefore));
    values.put("PoolConnectionCreationMs", (double) m.creationTimeAverage().toMillis());
    values.put("PoolAcquireWaitMs", (double) m.blockingTimeAverage().toMillis());
    values.put("PoolConnectionsActive", (double) m.activeCount());
    values.put("PoolConnectionsIdle", (double) m.availableCount());
    values.put("PoolConnectionsInvalid", (double) m.invalidCount());
    createdBefore = created;
    return values;
  }

  /** Connections the pool has created since it started. */
  public long connectionsCreated() {
    return pool.getMetrics().creationCount();
  }

  /**
   * Closes every idle pooled connection and waits until they are closed (before a SnapStart
   * snapshot: none may be restored stale). Agroal flushes on its housekeeping thread; a connection
   * borrowed meanwhile is not closed under its user (FlushMode.IDLE, not ALL).
   *
   * @throws IllegalStateException when idle connections are still open after 10 s
   */
  public void flush() {
    pool.flush(AgroalDataSource.FlushMode.IDLE);
    long deadline = System.nanoTime() + FLUSH_WAIT.toNanos();
    while (pool.getMetrics().availableCount() > 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the pool of "
                + describe()
                + " still holds "
                + pool.getMetrics().availableCount()
                + " idle connection(s) "
                + FLUSH_WAIT.toSeconds()
                + " s after it was flushed");
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static final Duration FLUSH_WAIT = Duration.ofSeconds(10);

  @Override
  public String describe() {
    return "secret '" + secretId + "'";
  }

  private DatabaseUnavailableException failure(SQLException e) {
    SQLException cause = sqlCause(e);
    String state = cause.getSQLState() == null ? "none" : cause.getSQLState();
    boolean refused = refusedLogin(e);
    boolean transientFailure =
        state.startsWith("08") || state.startsWith("57P") || state.equals("none");
    return new DatabaseUnavailableException(
        refused
            ? "the database of "
                + describe()
                + " refused the login, also after reading the secret again (SQLState "
                + state
                + ")"
            : "cannot connect to the database of "
                + describe()
                + " (SQLState "
                + state
                + "): "
                + cause.getMessage(),
        refused || !transientFailure,
        e);
  }

  /** The innermost SQLException with a state (Agroal wraps the driver's), or {@code e}. */
  private static SQLException sqlCause(SQLException e) {
    SQLException found = e;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        found = sql;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return found;
  }

  private static boolean refusedLogin(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && PostgresConnector.isAuthenticationFailure(sql)) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
