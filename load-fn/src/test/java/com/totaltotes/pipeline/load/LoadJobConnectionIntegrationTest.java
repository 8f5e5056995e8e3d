package com.totaltotes.pipeline.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.totaltotes.pipeline.credentials.ConnectionSource;
import com.totaltotes.pipeline.credentials.DatabaseLogin;
import com.totaltotes.pipeline.credentials.DatabaseUnavailableException;
import com.totaltotes.pipeline.json.JsonCodec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A warehouse that refuses the login or cannot be reached: a clear error, never the password. */
class LoadJobConnectionIntegrationTest {
  private static final String ROLE = "loader";
  private static final String RIGHT_PASSWORD = "Right-Pa55-3f9a";
  private static final String WRONG_PASSWORD = "Wrong-Pa55-77c1";
  private static LoadTestServices services;
  private static String db;
  @TempDir Path tempDir;

  @BeforeAll
  static void startServersWithPasswordLogins() throws Exception {
    services = LoadTestServices.start();
    db = services.newWarehouse();
    try (Connection c = services.connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("create role " + ROLE + " login superuser password '" + RIGHT_PASSWORD + "'");
    }
    services.pg.requirePasswords();
  }

  @AfterAll
  static void stopServers() {
    services.close();
  }

  private LoadJob job(int port, String password) {
    ConnectionSource source =
        ConnectionSource.fixed(
            new DatabaseLogin("postgres", "localhost", port, ROLE, password, db));
    return new LoadJob(
        source,
        services.store,
        new JsonCodec(),
        Clock.systemUTC(),
        new LoadConfig(services.newBucket(), tempDir));
  }

  private static String everything(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  @Test
  void wrongPasswordIsAPermanentFailureThatNeverShowsThePassword() {
    DatabaseUnavailableException e =
        catchThrowableOfType(
            () -> job(services.pg.port(), WRONG_PASSWORD).run(),
            DatabaseUnavailableException.class);

    assertThat(e).as("a refused login is reported as DatabaseUnavailableException").isNotNull();
    assertThat(e.permanent()).isTrue();
    assertThat(e.getMessage())
        .contains("localhost:" + services.pg.port() + "/" + db)
        .contains("refused the login of user '" + ROLE + "'");
    assertThat(everything(e)).doesNotContain(WRONG_PASSWORD).doesNotContain(RIGHT_PASSWORD);
  }

  @Test
  void rightPasswordLoads() {
    assertThat(job(services.pg.port(), RIGHT_PASSWORD).run()).isEmpty();
  }

  @Test
  void unreachableWarehouseIsATransientFailureNamingTheServer() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    DatabaseUnavailableException e =
        catchThrowableOfType(
            () -> job(closedPort, RIGHT_PASSWORD).run(), DatabaseUnavailableException.class);

    assertThat(e)
        .as("an unreachable server is reported as DatabaseUnavailableException")
        .isNotNull();
    assertThat(e.permanent()).isFalse();
    assertThat(e.getMessage()).contains("localhost:" + closedPort + "/" + db);
    assertThat(everything(e)).doesNotContain(RIGHT_PASSWORD);
  }
}
