package com.totaltotes.pipeline.load.lambda;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.totaltotes.pipeline.embedded.EmbeddedS3Server;
import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.load.LoadTestRuns;
import com.totaltotes.pipeline.manifest.ManifestStore;
import com.totaltotes.pipeline.manifest.ProcessedManifest;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.storage.ObjectStore;
import com.totaltotes.pipeline.storage.S3Clients;
import com.totaltotes.pipeline.storage.S3ObjectStore;
import com.totaltotes.pipeline.testing.FunctionOutput;
import com.totaltotes.pipeline.testing.PipelineTestResource;
import java.io.InputStream;
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
 * The load function through the Lambda mock event server, with real PostgreSQL, S3 and a Secrets
 * Manager stub. The fixtures name bucket {@code processed-bucket}; the function loads from its
 * configured bucket whatever the event names, because an event is only a wake-up call.
 */
abstract class LoadHandlerContract {
  private static S3Client s3;
  private static ObjectStore store;

  static String event(String name) throws Exception {
    try (InputStream in = LoadHandlerContract.class.getResourceAsStream("/events/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @BeforeAll
  static void firstRunIsWaitingInTheProcessedBucket() {
    var services = PipelineTestResource.services();
    s3 =
        S3Clients.forEndpoint(
            services.s3().endpoint(),
            EmbeddedS3Server.REGION,
            EmbeddedS3Server.ACCESS_KEY,
            EmbeddedS3Server.SECRET_KEY);
    store = new S3ObjectStore(s3);
    LoadTestRuns.writeSampleRun(store, services.processedBucket(), 1);
  }

  @AfterAll
  static void closeClient() {
    s3.close();
  }

  private static RunId writeNextRun() {
    String bucket = PipelineTestResource.services().processedBucket();
    RunId latest =
        new ManifestStore<>(store, new JsonCodec(), bucket, ProcessedManifest.class).latestRun();
    return LoadTestRuns.writeEmptyRun(store, bucket, latest.seq() + 1);
  }

  private static List<String> query(String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = PipelineTestResource.services().postgres().connect("warehouse");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /** The loaded runs, in seq order; none before the first load has migrated the warehouse. */
  private static List<String> ledger() throws Exception {
    if (query("select to_regclass('public.load_ledger') is null").equals(List.of("t"))) {
      return List.of();
    }
    return query("select run_id from load_ledger order by run_id");
  }

  /** The function's output while a test runs: this JVM's, or the packaged function's log. */
  protected abstract FunctionOutput capture();

  @Test
  void manifestEventLoadsEveryPendingRunFromTheConfiguredBucket() throws Exception {
    String output;
    try (FunctionOutput capture = capture()) {
      given()
          .contentType("application/json")
          .accept("application/json")
          .body(event("s3-put-processed-manifest.json"))
          .when()
          .post()
          .then()
          .statusCode(200)
          .body("runs.runId", hasItem(LoadTestRuns.run(1).toString()))
          .body("runsSkipped", equalTo(0));
      output = capture.text();
    }
    // one EMF metrics line per loaded run, and one per invocation with the freshness
    assertThat(
            output
                .lines()
                .filter(
                    l ->
                        l.contains("\"TotesPipeline\"")
                            && l.contains("\"run_id\":\"" + LoadTestRuns.run(1) + "\"")))
        .singleElement()
        .asString()
        .contains(
            "\"Function\":\"load\"",
            "\"RowsLoaded\":27.0",
            "\"RunDurationMs\"",
            "\"RunsSetAside\":0.0");
    assertThat(
            output
                .lines()
                .filter(l -> l.contains("\"TotesPipeline\"") && l.contains("\"FreshnessSeconds\"")))
        .singleElement()
        .asString()
        .contains("\"Function\":\"load\"", "\"StrayManifestKeys\":0.0");
    String bucket = PipelineTestResource.services().processedBucket();
    List<String> written =
        new ManifestStore<>(store, new JsonCodec(), bucket, ProcessedManifest.class)
            .runsAfter(null).stream().map(RunId::toString).toList();
    assertThat(ledger()).isEqualTo(written);
    assertThat(query("select staff_id || ' ' || email_address from dim_staff order by staff_id"))
        .containsExactly("1 jeremie.franey@terrifictotes.com", "2 zoe.obrien@terrifictotes.com");
    assertThat(query("select payment_amount::text from fact_payment order by payment_id"))
        .containsExactly("99999999.99", "0.01");
    assertThat(output).contains("load summary");
    assertThat(output).doesNotContain(PipelineTestResource.DB_PASSWORD);
  }

  @Test
  void eventForAKeyThatIsNoManifestLoadsNothing() throws Exception {
    RunId waiting = writeNextRun();
    String output;
    try (FunctionOutput capture = capture()) {
      given()
          .contentType("application/json")
          .accept("application/json")
          .body(event("s3-put-key-with-space.json"))
          .when()
          .post()
          .then()
          .statusCode(200)
          .body("runsLoaded", equalTo(0))
          .body("runs.size()", equalTo(0));
      output = capture.text();
    }
    assertThat(ledger()).doesNotContain(waiting.toString());
    // the key is logged URL-decoded
    assertThat(output.lines())
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("dim_location/dt=2026-11-24/00000001-20261124T115000Z part 1.parquet")
                    .contains("not a manifest"));
  }

  @Test
  void eventWithoutRecordsIsAnError() throws Exception {
    given()
        .contentType("application/json")
        .accept("application/json")
        .body(event("s3-no-records.json"))
        .when()
        .post()
        .then()
        .statusCode(500)
        .body("errorType", containsString("IllegalArgumentException"))
        .body("errorMessage", containsString("S3 event has no records"));
  }
}
