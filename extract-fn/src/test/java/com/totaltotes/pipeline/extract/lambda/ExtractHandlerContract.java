package com.totaltotes.pipeline.extract.lambda;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;

import com.totaltotes.pipeline.embedded.EmbeddedS3Server;
import com.totaltotes.pipeline.generator.TotesysGenerator;
import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.manifest.ManifestStore;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.storage.ObjectStore;
import com.totaltotes.pipeline.storage.S3Clients;
import com.totaltotes.pipeline.storage.S3ObjectStore;
import com.totaltotes.pipeline.testing.FunctionOutput;
import com.totaltotes.pipeline.testing.PipelineTestResource;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The extract function end to end through the Lambda mock event server, with real services. */
abstract class ExtractHandlerContract {

  static String event(String name) throws Exception {
    try (InputStream in = ExtractHandlerContract.class.getResourceAsStream("/events/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @BeforeAll
  static void seedSource() throws Exception {
    try (Connection c = PipelineTestResource.services().postgres().connect("totesys")) {
      new TotesysGenerator().seed(c, 200, 3);
    }
  }

  /** A client of the test's S3 server. */
  private static software.amazon.awssdk.services.s3.S3Client s3Client() {
    return S3Clients.forEndpoint(
        PipelineTestResource.services().s3().endpoint(),
        "us-east-1",
        EmbeddedS3Server.ACCESS_KEY,
        EmbeddedS3Server.SECRET_KEY);
  }

  /** The function's output while a test runs: this JVM's, or the packaged function's log. */
  protected abstract FunctionOutput capture();

  @Test
  void scheduledTickRunsAnExtractAndWritesItsManifest() throws Exception {
    String runId;
    String output;
    try (FunctionOutput capture = capture()) {
      runId =
          given()
              .contentType("application/json")
              .accept("application/json")
              .body(event("scheduled-tick.json"))
              .when()
              .post()
              .then()
              .statusCode(200)
              .body("run.rowsPerTable.sales_order", greaterThanOrEqualTo(0))
              .body("run.rowsPerTable", aMapWithSize(11))
              .body("failure", nullValue())
              .extract()
              .path("run.runId");
      output = capture.text();
    }
    assertThat(runId).matches("\\d{8}-\\d{8}T\\d{6}Z");
    try (var s3 = s3Client()) {
      assertThat(
              new S3ObjectStore(s3)
                  .list(PipelineTestResource.services().ingestBucket(), "_manifests/", null))
          .contains("_manifests/" + runId + ".json");
    }
    assertThat(output).contains("extract summary").contains(runId);
    // the run's counts also went out as a CloudWatch EMF metric line
    assertThat(output).contains("\"Namespace\":\"TotesPipeline\"").contains("\"RowsExtracted\":");
    assertThat(output).doesNotContain(PipelineTestResource.DB_PASSWORD);
  }

  @Test
  void aPermanentFailureIsAMetricAndNotRetried() throws Exception {
    String output;
    try (FunctionOutput capture = capture()) {
      given()
          .contentType("application/json")
          .accept("application/json")
          .body(
              "{\"source\":\"totes.repair\",\"detail-type\":\"Repair"
                  + " run\",\"detail\":{\"run\":\"00000099-20261124T115000Z\"}}")
          .when()
          .post()
          .then()
          .statusCode(200)
          .body("run", nullValue())
          .body("failure", containsString("cannot repair run 00000099-20261124T115000Z"));
      output = capture.text();
    }
    assertThat(output.lines().filter(l -> l.contains("\"RunFailed\"")))
        .singleElement()
        .asString()
        .contains("\"Function\":\"extract\"", "\"Permanent\":\"true\"", "\"RunFailed\":1");
  }

  /**
   * Issue 26: a claim of the next seq whose manifest is missing (its writer stopped between the
   * two) is rolled forward by the next invocation, which says so with {@code ManifestsRestored} and
   * goes on with the seq after it.
   */
  @Test
  void aClaimWithoutItsManifestIsWrittenAgainAndAMetricSaysSo() throws Exception {
    var services = PipelineTestResource.services();
    String output;
    String runId;
    try (var s3 = s3Client()) {
      ObjectStore store = new S3ObjectStore(s3);
      ManifestStore<IngestManifest> manifests =
          new ManifestStore<>(
              store, new JsonCodec(), services.ingestBucket(), IngestManifest.class);
      RunId latest = manifests.latestRun();
      RunId stopped = RunId.next(latest, java.time.Instant.parse("2026-01-01T00:00:00Z"));
      IngestManifest unfinished =
          new IngestManifest(
              stopped.toString(), stopped.startedAt(), stopped.startedAt(), 600, List.of());
      store.createIfAbsent(
          services.ingestBucket(),
          ManifestStore.claimKey(stopped.seq(), 0),
          new JsonCodec().write(unfinished));
      try (FunctionOutput capture = capture()) {
        runId =
            given()
                .contentType("application/json")
                .accept("application/json")
                .body(event("scheduled-tick.json"))
                .when()
                .post()
                .then()
                .statusCode(200)
                .body("failure", nullValue())
                .extract()
                .path("run.runId");
        output = capture.text();
      }
      assertThat(manifests.read(stopped)).isEqualTo(unfinished);
      assertThat(RunId.parse(runId).seq()).isEqualTo(stopped.seq() + 1);
    }
    assertThat(output.lines().filter(l -> l.contains("\"ManifestsRestored\"")))
        .singleElement()
        .asString()
        .contains("\"Function\":\"extract\"", "\"ManifestsRestored\":1");
  }

  /**
   * Issue 26: what wakes the extract under {@code _continue/extract/} is never read, so a garbage
   * or deleted object there costs one ordinary run and nothing else: the S3 notification of any
   * such key runs one extract, and a run that leaves nothing requests no further invocation.
   */
  @Test
  void aNotificationOfAnyContinuationObjectRunsOneOrdinaryExtract() throws Exception {
    String output;
    try (FunctionOutput capture = capture()) {
      given()
          .contentType("application/json")
          .accept("application/json")
          .body(event("s3-put-continue-garbage.json"))
          .when()
          .post()
          .then()
          .statusCode(200)
          .body("failure", nullValue())
          .body("run.runId", org.hamcrest.Matchers.notNullValue());
      output = capture.text();
    }
    assertThat(output).contains("extract summary").doesNotContain("next run requested");
  }

  @Test
  void malformedEventIsRejectedAsAnError() {
    given()
        .contentType("application/json")
        .accept("application/json")
        .body("{\"time\": \"not a time\"")
        .when()
        .post()
        .then()
        .statusCode(500)
        .body(containsString("errorMessage"));
  }
}
