package com.totaltotes.pipeline.load.lambda;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.totaltotes.pipeline.credentials.DatabaseTimeouts;
import com.totaltotes.pipeline.credentials.PooledConnectionSource;
import com.totaltotes.pipeline.embedded.EmbeddedS3Server;
import com.totaltotes.pipeline.embedded.SecretsManagerStub;
import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.load.LoadTestRuns;
import com.totaltotes.pipeline.manifest.ManifestStore;
import com.totaltotes.pipeline.manifest.ProcessedManifest;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.storage.ObjectStore;
import com.totaltotes.pipeline.storage.S3Clients;
import com.totaltotes.pipeline.storage.S3ObjectStore;
import com.totaltotes.pipeline.testing.PipelineTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The warehouse datasource of the load function (Agroal, credentials from the Secrets Manager stub)
 * across invocations of one warm function: connections are reused, a rotated password is picked up
 * after one refresh of the secret, a wrong secret is a permanent failure that names the secret
 * only.
 */
@QuarkusTest
@QuarkusTestResource(PipelineTestResource.class)
class WarehousePoolTest {
  private static S3Client s3;
  private static ObjectStore store;

  @Inject PooledConnectionSource warehouse;

  @BeforeAll
  static void client() {
    var services = PipelineTestResource.services();
    s3 =
        S3Clients.forEndpoint(
            services.s3().endpoint(),
            EmbeddedS3Server.REGION,
            EmbeddedS3Server.ACCESS_KEY,
            EmbeddedS3Server.SECRET_KEY);
    store = new S3ObjectStore(s3);
  }

  @AfterAll
  static void closeClient() {
    s3.close();
  }

  @Test
  void twoInvocationsOnAWarmFunctionReuseTheirConnection() throws Exception {
    writeNextRun();
    invoke();
    long created = warehouse.connectionsCreated();
    List<String> backends = pipelineBackends();
    writeNextRun();
    invoke();
    assertThat(warehouse.connectionsCreated())
        .as("connections created by the second invocation")
        .isEqualTo(created);
    assertThat(pipelineBackends()).as("the same server processes").isEqualTo(backends);
  }

  @Test
  void aWarmFunctionLoadsOnNewSessionsAfterTheDatabaseEndedItsPooledOnes() throws Exception {
    writeNextRun();
    invoke();
    long created = warehouse.connectionsCreated();
    List<String> before = pipelineBackends();
    assertThat(before).as("pooled sessions after a warm invocation").isNotEmpty();
    // a restart or failover between two invocations: every pooled session is gone
    disconnectPipeline();
    assertThat(pipelineBackends()).as("sessions left after the restart").isEmpty();
    RunId run = writeNextRun();
    String body = invoke();
    assertThat(body).contains(run.toString()).contains("\"runsLoaded\":1");
    assertThat(warehouse.connectionsCreated())
        .as("connections created after the restart")
        .isGreaterThan(created);
    assertThat(pipelineBackends()).as("new server processes").doesNotContainAnyElementsOf(before);
  }

  @Test
  void flushClosesTheIdleConnectionsButNeverOneInUse() throws Exception {
    writeNextRun();
    invoke(); // leaves idle pooled connections
    try (Connection inUse = warehouse.open();
        Statement s = inUse.createStatement()) {
      assertThat(warehouse.poolMetrics().get("PoolConnectionsIdle")).isPositive();
      warehouse.flush();
      assertThat(warehouse.poolMetrics().get("PoolConnectionsIdle")).isZero();
      Thread.sleep(200); // Agroal flushes on its housekeeping thread: give it time to misbehave
      assertThat(value(s, "select 'still open'")).isEqualTo("still open");
    }
  }

  @Test
  void pooledConnectionsHaveTheConfiguredTimeouts() throws Exception {
    var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
    String prefix = "quarkus.datasource.warehouse.jdbc.additional-jdbc-properties.";
    assertThat(config.getValue(prefix + "connectTimeout", Long.class))
        .isEqualTo(DatabaseTimeouts.DEFAULTS.connect().toSeconds());
    assertThat(config.getValue(prefix + "loginTimeout", Long.class))
        .isEqualTo(DatabaseTimeouts.DEFAULTS.login().toSeconds());
    // a connection the pool creates now (flush() returns once the idle ones are closed): the
    // tests before may have ended the pooled sessions, which is not what this test is about
    warehouse.flush();
    assertThat(warehouse.poolMetrics().get("PoolConnectionsIdle")).isZero();
    try (Connection c = warehouse.open();
        Statement s = c.createStatement()) {
      assertThat(value(s, "show statement_timeout")).isEqualTo("5min");
      assertThat(value(s, "show lock_timeout")).isEqualTo("1min");
      assertThat(c.getNetworkTimeout())
          .isEqualTo((int) DatabaseTimeouts.DEFAULTS.socket().toMillis());
    }
  }

  private static String value(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void aRotatedPasswordIsPickedUpAfterOneRefreshOfTheSecret() throws Exception {
    SecretsManagerStub secrets = PipelineTestResource.services().secrets();
    try {
      rotate("Rotated-0ne!");
      int reads = secrets.callsFor(PipelineTestResource.WAREHOUSE_SECRET);
      RunId run = writeNextRun();
      String body = invoke();
      assertThat(body).contains(run.toString());
      assertThat(secrets.callsFor(PipelineTestResource.WAREHOUSE_SECRET) - reads)
          .as("reads of the secret: the refresh after the refused login")
          .isEqualTo(1);
    } finally {
      rotate(PipelineTestResource.DB_PASSWORD);
    }
  }

  @Test
  void aWrongSecretIsAPermanentFailureThatNamesTheSecretOnly() throws Exception {
    String wrong = "Not-The-Password-42";
    try {
      // the password changed, and the secret holds a wrong one: the cached one is refused, so is
      // the new
      rotate("Only-The-Dba-Knows-7", wrong);
      writeNextRun();
      PrintStream console = System.out;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      String body;
      try {
        body = invoke();
      } finally {
        System.setOut(console);
      }
      String emf = out.toString(StandardCharsets.UTF_8);
      assertThat(body).contains("\"runsLoaded\":0");
      assertThat(emf.lines().filter(l -> l.contains("\"RunFailed\"")))
          .singleElement()
          .asString()
          .contains(
              "\"Permanent\":\"true\"", "secret '" + PipelineTestResource.WAREHOUSE_SECRET + "'")
          .doesNotContain(wrong)
          .doesNotContain(PipelineTestResource.DB_PASSWORD);
    } finally {
      rotate(PipelineTestResource.DB_PASSWORD);
    }
  }

  /**
   * Changes the role's password and the secret, and ends the pipeline's sessions (as a restart
   * would).
   */
  private static void rotate(String password) throws Exception {
    rotate(password, password);
  }

  private static void rotate(String databasePassword, String secretPassword) throws Exception {
    var services = PipelineTestResource.services();
    admin("alter role " + PipelineTestResource.DB_USER + " password '" + databasePassword + "'");
    services
        .secrets()
        .putSecret(
            PipelineTestResource.WAREHOUSE_SECRET,
            SecretsManagerStub.rdsSecret(
                "localhost",
                services.postgres().port(),
                PipelineTestResource.DB_USER,
                secretPassword,
                "warehouse"));
    disconnectPipeline();
  }

  /** Ends the pipeline's sessions and waits (10 s at most each) until they are gone. */
  private static void disconnectPipeline() throws Exception {
    admin(
        "select pg_terminate_backend(pid, 10000) from pg_stat_activity where application_name ="
            + " 'totes-pipeline' and datname = 'warehouse'");
  }

  private static void admin(String sql) throws Exception {
    try (Connection c = PipelineTestResource.services().postgres().connect("postgres");
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static List<String> pipelineBackends() throws Exception {
    List<String> pids = new ArrayList<>();
    try (Connection c = PipelineTestResource.services().postgres().connect("postgres");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select pid from pg_stat_activity where application_name = 'totes-pipeline'"
                    + " and datname = 'warehouse' order by pid")) {
      while (rs.next()) {
        pids.add(rs.getString(1));
      }
    }
    return pids;
  }

  private static RunId writeNextRun() {
    String bucket = PipelineTestResource.services().processedBucket();
    RunId latest =
        new ManifestStore<>(store, new JsonCodec(), bucket, ProcessedManifest.class).latestRun();
    return LoadTestRuns.writeEmptyRun(store, bucket, latest == null ? 1 : latest.seq() + 1);
  }

  private static String invoke() throws Exception {
    return given()
        .contentType("application/json")
        .accept("application/json")
        .body(LoadHandlerTest.event("s3-put-processed-manifest.json"))
        .when()
        .post()
        .then()
        .statusCode(200)
        .extract()
        .asString();
  }
}
