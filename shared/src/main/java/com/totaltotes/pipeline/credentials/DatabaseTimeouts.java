package com.totaltotes.pipeline.credentials;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Bounds on every wait for PostgreSQL, so a hung server fails an invocation well inside the Lambda
 * timeout instead of holding it to the end.
 *
 * <ul>
 *   <li>{@code connect}: TCP connect (pgjdbc {@code connectTimeout});
 *   <li>{@code login}: connect, TLS and authentication together (pgjdbc {@code loginTimeout}); a
 *       server that accepts the connection and never answers fails here;
 *   <li>{@code socket}: any single read from an open connection (pgjdbc {@code socketTimeout}); a
 *       last resort behind {@code statement}, so it must be longer;
 *   <li>{@code statement}: server-side {@code statement_timeout} (SQLState 57014);
 *   <li>{@code lock}: server-side {@code lock_timeout} (SQLState 55P03).
 * </ul>
 */
public record DatabaseTimeouts(
    Duration connect, Duration login, Duration socket, Duration statement, Duration lock) {

  /** How much longer than {@code statement} the default socket timeout waits. */
  public static final Duration SOCKET_MARGIN = Duration.ofSeconds(60);

  /** The one place for the defaults. */
  public static final DatabaseTimeouts DEFAULTS =
      withDefaults(
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  public DatabaseTimeouts {
    positive("connect", connect);
    positive("login", login);
    positive("socket", socket);
    positive("statement", statement);
    positive("lock", lock);
    if (socket.compareTo(statement) <= 0) {
      throw new IllegalArgumentException(
          "socket timeout "
              + socket
              + " must be longer than the statement timeout "
              + statement
              + ", or a slow statement is cut off by the socket without the server's 57014");
    }
  }

  /**
   * The given values, each absent one taken from the defaults; an absent socket timeout is the
   * statement timeout plus {@link #SOCKET_MARGIN}.
   */
  public static DatabaseTimeouts withDefaults(
      Optional<Duration> connect,
      Optional<Duration> login,
      Optional<Duration> socket,
      Optional<Duration> statement,
      Optional<Duration> lock) {
    Duration statementTimeout = statement.orElse(Duration.ofSeconds(300));
    return new DatabaseTimeouts(
        connect.orElse(Duration.ofSeconds(10)),
        login.orElse(Duration.ofSeconds(20)),
        socket.orElse(statementTimeout.plus(SOCKET_MARGIN)),
        statementTimeout,
        lock.orElse(Duration.ofSeconds(60)));
  }

  /** A copy with another login timeout (tests of a hung server). */
  public DatabaseTimeouts withLogin(Duration login) {
    return new DatabaseTimeouts(connect, login, socket, statement, lock);
  }

  /** A copy with another statement timeout; the socket timeout keeps its margin above it. */
  public DatabaseTimeouts withStatement(Duration statement) {
    return new DatabaseTimeouts(connect, login, statement.plus(SOCKET_MARGIN), statement, lock);
  }

  private static void positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " timeout must be positive, was " + value);
    }
  }
}
