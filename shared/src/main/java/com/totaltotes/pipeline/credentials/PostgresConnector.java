package com.totaltotes.pipeline.credentials;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/** Opens PostgreSQL connections with bounded timeouts and classifies the failures. */
final class PostgresConnector {
  private static final org.postgresql.Driver DRIVER = new org.postgresql.Driver();

  private PostgresConnector() {}

  static Connection open(DatabaseLogin secret, DatabaseTimeouts timeouts) {
    Properties props = new Properties();
    props.setProperty("user", secret.username());
    props.setProperty("password", secret.password());
    props.setProperty("connectTimeout", seconds(timeouts.connect()));
    props.setProperty("loginTimeout", seconds(timeouts.login()));
    props.setProperty("socketTimeout", seconds(timeouts.socket()));
    props.setProperty(
        "options",
        "-c statement_timeout="
            + timeouts.statement().toMillis()
            + " -c lock_timeout="
            + timeouts.lock().toMillis());
    props.setProperty("ApplicationName", "totes-pipeline");
    try {
      Connection c = DRIVER.connect(secret.jdbcUrl(), props);
      if (c == null) {
        throw new DatabaseUnavailableException(
            "not a PostgreSQL JDBC URL for " + secret.describe(), true, null);
      }
      return c;
    } catch (SQLException e) {
      throw classify(secret, e);
    }
  }

  /** pgjdbc takes whole seconds; round up, so a sub-second value never becomes 0 (no limit). */
  private static String seconds(Duration d) {
    long s = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    return Long.toString(Math.max(1, s));
  }

  static boolean isAuthenticationFailure(SQLException e) {
    String state = e.getSQLState();
    return "28P01".equals(state) || "28000".equals(state);
  }

  private static DatabaseUnavailableException classify(DatabaseLogin secret, SQLException e) {
    if (isAuthenticationFailure(e)) {
      return new DatabaseUnavailableException(
          "database "
              + secret.describe()
              + " refused the login of user '"
              + secret.username()
              + "' (SQLState "
              + e.getSQLState()
              + ")",
          true,
          e);
    }
    String state = e.getSQLState() == null ? "none" : e.getSQLState();
    boolean transientFailure = state.startsWith("08") || state.startsWith("57P");
    return new DatabaseUnavailableException(
        "cannot connect to database "
            + secret.describe()
            + " (SQLState "
            + state
            + "): "
            + e.getMessage(),
        !transientFailure,
        e);
  }
}
