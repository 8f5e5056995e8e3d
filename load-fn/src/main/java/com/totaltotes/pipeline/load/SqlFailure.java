package com.totaltotes.pipeline.load;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Optional;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Describes a database error for a log line or exception message without quoting row data: the
 * server's primary message, its constraint and position (e.g. {@code COPY stage_dim_staff, line 3,
 * column first_name}), and the detail only when it names key values ({@code Key (staff_id)=(7) is
 * not present in table "dim_staff"}). PostgreSQL's other details can hold a whole failing row.
 */
final class SqlFailure {
  private SqlFailure() {}

  static String describe(SQLException e) {
    String state = e.getSQLState() == null ? "none" : e.getSQLState();
    if (!(e instanceof PSQLException psql) || psql.getServerErrorMessage() == null) {
      return e.getMessage() + " (SQLState " + state + ")";
    }
    ServerErrorMessage server = psql.getServerErrorMessage();
    StringBuilder text = new StringBuilder(String.valueOf(server.getMessage()));
    if (server.getDetail() != null && server.getDetail().startsWith("Key (")) {
      text.append("; ").append(server.getDetail());
    }
    if (server.getWhere() != null) {
      String where = server.getWhere();
      int value = where.indexOf(": \""); // COPY context quotes the offending value: drop it
      text.append("; at ").append(value < 0 ? where : where.substring(0, value));
    }
    return text.append(" (SQLState ").append(state).append(')').toString();
  }

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
    Savepoint before = c.setSavepoint();
    try {
      T result = work.run();
      c.releaseSavepoint(before);
      return Optional.of(result);
    } catch (SQLException e) {
      if (!"23505".equals(e.getSQLState())) {
        throw e;
      }
      c.rollback(before);
      return Optional.empty();
    }
  }
}
