package com.totaltotes.pipeline.credentials;

import java.sql.Connection;

/** Opens JDBC connections to one database (totesys or the warehouse). */
public interface ConnectionSource {
  /**
   * Opens a new connection; the caller closes it.
   *
   * @throws DatabaseUnavailableException when the server refuses the login (permanent) or cannot be
   *     reached (transient); the message names host, port and database, never the password
   */
  Connection open();

  /** host:port/dbname of the target, for logs and messages. */
  String describe();

  /**
   * A source with fixed credentials and {@link DatabaseTimeouts#DEFAULTS} (the local runner,
   * tests).
   */
  static ConnectionSource fixed(DatabaseLogin secret) {
    return fixed(secret, DatabaseTimeouts.DEFAULTS);
  }

  /** A source with fixed credentials and the given timeouts. */
  static ConnectionSource fixed(DatabaseLogin secret, DatabaseTimeouts timeouts) {
    java.util.Objects.requireNonNull(timeouts, "timeouts");
    return new ConnectionSource() {
      @Override
      public Connection open() {
        return PostgresConnector.open(secret, timeouts);
      }

      @Override
      public String describe() {
        return secret.describe();
      }
    };
  }
}
