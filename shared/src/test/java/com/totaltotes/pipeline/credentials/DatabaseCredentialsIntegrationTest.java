package com.totaltotes.pipeline.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.totaltotes.pipeline.embedded.EmbeddedPostgresServer;
import com.totaltotes.pipeline.embedded.SecretsManagerStub;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The credentials service (and {@link PostgresConnector} with the secret it reads) against a
 * Secrets Manager stub (wire level) and a real PostgreSQL. A rotated password is picked up by the
 * pooled source: WarehousePoolTest (load-fn).
 */
class DatabaseCredentialsIntegrationTest {
  private static final String PASSWORD = "Pa55-w0rd'\"x";
  private static EmbeddedPostgresServer pg;
  private static SecretsManagerStub stub;
  private static SecretsManagerClient client;

  @BeforeAll
  static void start() throws Exception {
    pg = EmbeddedPostgresServer.start();
    pg.createDatabase("app");
    try (Connection c = pg.connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("create role app_user login password '" + PASSWORD.replace("'", "''") + "'");
    }
    pg.requirePasswords();
    stub = new SecretsManagerStub();
    client =
        SecretsManagerClient.builder()
            .endpointOverride(stub.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
  }

  @AfterAll
  static void stop() {
    client.close();
    stub.close();
    pg.close();
  }

  private DatabaseCredentials credentials() {
    return new DatabaseCredentials(
        new SecretsManagerSecretSource(client), Clock.systemUTC(), Duration.ofMinutes(5));
  }

  private static Connection open(DatabaseLogin secret) {
    return PostgresConnector.open(secret, DatabaseTimeouts.DEFAULTS);
  }

  private static String secret(String password) {
    return SecretsManagerStub.rdsSecret("localhost", pg.port(), "app_user", password, "app");
  }

  @Test
  void opensConnectionWithGoodSecret() throws Exception {
    stub.putSecret("good", secret(PASSWORD));
    try (Connection c = open(credentials().get("good"));
        ResultSet rs =
            c.createStatement().executeQuery("select current_user, current_database()")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("app_user");
      assertThat(rs.getString(2)).isEqualTo("app");
    }
  }

  @Test
  void missingSecretNamesTheSecretId() {
    assertThatThrownBy(() -> credentials().get("no/such/secret"))
        .isInstanceOf(SecretNotFoundException.class)
        .hasMessageContaining("no/such/secret")
        .matches(e -> ((SecretNotFoundException) e).permanent());
  }

  @Test
  void malformedSecretJsonIsRejectedWithoutQuotingIt() {
    stub.putSecret("garbled", "{\"username\":\"app_user\",\"password\":\"" + PASSWORD + "\",");
    assertThatThrownBy(() -> credentials().get("garbled"))
        .isInstanceOf(MalformedSecretException.class)
        .hasMessageContaining("garbled")
        .hasMessageContaining("not valid JSON")
        .satisfies(e -> assertNoPassword(e, PASSWORD));
  }

  @Test
  void secretWithoutPasswordFieldIsMalformed() {
    stub.putSecret(
        "nopass", "{\"engine\":\"postgres\",\"host\":\"h\",\"username\":\"u\",\"dbname\":\"d\"}");
    assertThatThrownBy(() -> credentials().get("nopass"))
        .isInstanceOf(MalformedSecretException.class)
        .hasMessageContaining("'password' is missing");
  }

  @Test
  void wrongPasswordIsPermanentAndNeverShown() {
    String wrong = "not-the-Password-42";
    stub.putSecret("wrong", secret(wrong));
    assertThatThrownBy(() -> open(credentials().get("wrong")))
        .isInstanceOf(DatabaseUnavailableException.class)
        .hasMessageContaining("refused the login of user 'app_user'")
        .hasMessageContaining("localhost:" + pg.port() + "/app")
        .matches(e -> ((DatabaseUnavailableException) e).permanent())
        .satisfies(e -> assertNoPassword(e, wrong));
  }

  @Test
  void cachesSecretUntilTtlExpires() {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    DatabaseCredentials credentials =
        new DatabaseCredentials(
            new SecretsManagerSecretSource(client), clock, Duration.ofMinutes(5));
    stub.putSecret("cached", secret(PASSWORD));
    int before = stub.callsFor("cached");
    credentials.get("cached");
    credentials.get("cached");
    assertThat(stub.callsFor("cached") - before).isEqualTo(1);
    clock.now = clock.now.plus(Duration.ofMinutes(6));
    credentials.get("cached");
    assertThat(stub.callsFor("cached") - before).isEqualTo(2);
  }

  @Test
  void unreachableDatabaseIsTransient() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    stub.putSecret(
        "down", SecretsManagerStub.rdsSecret("127.0.0.1", closedPort, "app_user", PASSWORD, "app"));
    assertThatThrownBy(() -> open(credentials().get("down")))
        .isInstanceOf(DatabaseUnavailableException.class)
        .hasMessageContaining("cannot connect to database 127.0.0.1:" + closedPort + "/app")
        .matches(e -> !((DatabaseUnavailableException) e).permanent())
        .satisfies(e -> assertNoPassword(e, PASSWORD));
  }

  @Test
  void secretToStringHidesPassword() {
    DatabaseLogin s = DatabaseCredentials.parse("id", secret(PASSWORD));
    assertThat(s.toString()).doesNotContain(PASSWORD).contains("app_user@localhost");
  }

  static void assertNoPassword(Throwable e, String password) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(password);
      assertThat(t.toString()).doesNotContain(password);
    }
  }

  static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
