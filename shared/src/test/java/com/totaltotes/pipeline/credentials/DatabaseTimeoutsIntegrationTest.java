package com.totaltotes.pipeline.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.totaltotes.pipeline.HungServer;
import com.totaltotes.pipeline.embedded.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Database timeouts (issue 12) on real connections: a hung server, and a real PostgreSQL. */
class DatabaseTimeoutsIntegrationTest {
  private static final String PASSWORD = "Hung-Pa55word";
  private static EmbeddedPostgresServer pg;

  @BeforeAll
  static void start() throws Exception {
    pg = EmbeddedPostgresServer.start();
    try (Connection c = pg.connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("create table locked_row (id int primary key)");
    }
  }

  @AfterAll
  static void stop() {
    pg.close();
  }

  private static DatabaseLogin local() {
    return new DatabaseLogin(
        "postgres",
        "localhost",
        pg.port(),
        EmbeddedPostgresServer.USER,
        EmbeddedPostgresServer.PASSWORD,
        "postgres");
  }

  private static String show(Connection c, String setting) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("show " + setting)) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void hungServerFailsWithinTheLoginTimeoutAsTransient() throws Exception {
    // GIVEN a server that accepts TCP connections and never says a word
    try (HungServer hung = new HungServer()) {
      DatabaseLogin secret =
          new DatabaseLogin("postgres", "127.0.0.1", hung.port(), "app_user", PASSWORD, "app");
      ConnectionSource source =
          ConnectionSource.fixed(
              secret, DatabaseTimeouts.DEFAULTS.withLogin(Duration.ofSeconds(2)));
      // WHEN a connection is opened
      long start = System.nanoTime();
      DatabaseUnavailableException e =
          catchThrowableOfType(source::open, DatabaseUnavailableException.class);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      // THEN it fails after the 2 s login timeout, not the 360 s socket timeout
      assertThat(e).as("a hung server must fail the open").isNotNull();
      assertThat(hung.accepted()).as("the driver reached the hung server").isPositive();
      assertThat(took).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(5));
      assertThat(e.permanent()).as("a hung server is transient").isFalse();
      assertThat(e).hasMessageContaining("127.0.0.1:" + hung.port() + "/app");
      DatabaseCredentialsIntegrationTest.assertNoPassword(e, PASSWORD);
    }
  }

  @Test
  void connectionsCarryTheConfiguredStatementAndLockTimeouts() throws Exception {
    DatabaseTimeouts timeouts =
        new DatabaseTimeouts(
            Duration.ofSeconds(10),
            Duration.ofSeconds(20),
            Duration.ofSeconds(67),
            Duration.ofSeconds(7),
            Duration.ofSeconds(3));
    try (Connection c = ConnectionSource.fixed(local(), timeouts).open()) {
      assertThat(show(c, "statement_timeout")).isEqualTo("7s");
      assertThat(show(c, "lock_timeout")).isEqualTo("3s");
    }
  }

  @Test
  void connectionsCarryTheDefaultTimeoutsWhenNoneAreGiven() throws Exception {
    try (Connection c = ConnectionSource.fixed(local()).open()) {
      assertThat(show(c, "statement_timeout")).isEqualTo("5min");
      assertThat(show(c, "lock_timeout")).isEqualTo("1min");
    }
  }

  @Test
  void slowStatementIsCancelledByTheStatementTimeout() throws Exception {
    DatabaseTimeouts timeouts = DatabaseTimeouts.DEFAULTS.withStatement(Duration.ofSeconds(1));
    try (Connection c = ConnectionSource.fixed(local(), timeouts).open();
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.execute("select pg_sleep(5)"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("57014"));
    }
  }

  @Test
  void waitingForAHeldLockFailsWithTheLockTimeout() throws Exception {
    DatabaseTimeouts timeouts =
        new DatabaseTimeouts(
            Duration.ofSeconds(10),
            Duration.ofSeconds(20),
            Duration.ofSeconds(90),
            Duration.ofSeconds(30),
            Duration.ofSeconds(1));
    try (Connection holder = ConnectionSource.fixed(local()).open();
        Connection waiter = ConnectionSource.fixed(local(), timeouts).open();
        Statement hold = holder.createStatement();
        Statement wait = waiter.createStatement()) {
      holder.setAutoCommit(false);
      hold.execute("lock table locked_row in access exclusive mode");
      assertThatThrownBy(() -> wait.execute("select count(*) from locked_row"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("55P03"));
      holder.rollback();
    }
  }
}
