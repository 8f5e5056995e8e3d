package com.totaltotes.pipeline.load;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Optional;

/**
 * The load's reading of database errors: which are permanent, and a unique violation inside a
 * savepoint. Messages go through {@link com.totaltotes.pipeline.SqlErrors#describe}.
 */
final class SqlFailure {
  private SqlFailure() {}

  /**
   * Bad data or a broken constraint fail again on retry; lost connections, deadlocks, timeouts and
   * a lock held by a concurrent load may not. 57014 is {@code statement_timeout}, 55P03 {@code
   * lock_timeout} (lock_not_available): both are transient.
   */
  static boolean isPermanent(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    return !(state.startsWith("08")
        || state.startsWith("40")
        || state.startsWith("53")
        || state.startsWith("57")
        || state.equals("55P03"));
  }

  /** Work on the run's connection that may fail with a unique violation. */
  @FunctionalInterface
  interface Work<T> {
    T run() throws SQLException;
  }

  /**
   * Runs {@code work} inside a savepoint: its result, or empty when it failed with a unique
   * violation (SQLState 23505: a key twice), rolled back to the savepoint so that the transaction
   * goes on. Any other failure is thrown as it is.
   */
  static <T> Optional<T> unlessDuplicateKey(Connection c, Work<T> work) throws SQLException {
    return unless(c, "23505", work);
  }

  /**
   * Runs {@code work} inside a savepoint: its result, or empty when the server refused it for want
   * of a privilege (SQLState 42501), rolled back to the savepoint so that the transaction goes on.
   * Any other failure is thrown as it is.
   */
  static <T> Optional<T> unlessRefused(Connection c, Work<T> work) throws SQLException {
    return unless(c, "42501", work);
  }

  private static <T> Optional<T> unless(Connection c, String state, Work<T> work)
      throws SQLException {
    Savepoint before = c.setSavepoint();
    try {
      T result = work.run();
      c.releaseSavepoint(before);
      return Optional.of(result);
    } catch (SQLException e) {
      if (!state.equals(e.getSQLState())) {
        throw e;
      }
      c.rollback(before);
      return Optional.empty();
    }
  }
}
