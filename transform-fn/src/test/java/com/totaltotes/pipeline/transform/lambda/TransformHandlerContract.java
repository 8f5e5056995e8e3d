package com.totaltotes.pipeline.transform.lambda;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.totaltotes.pipeline.embedded.EmbeddedS3Server;
import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.manifest.ManifestStore;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.source.SourceTable;
import com.totaltotes.pipeline.storage.S3Clients;
import com.totaltotes.pipeline.storage.S3ObjectStore;
import com.totaltotes.pipeline.testing.PipelineTestResource;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The transform function through the Lambda mock event server, with a real S3 server. */
abstract class TransformHandlerContract {

  static String event(String name) throws Exception {
    try (InputStream in = TransformHandlerContract.class.getResourceAsStream("/events/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @BeforeAll
  static void oneEmptyIngestRun() {
    var services = PipelineTestResource.services();
    try (var s3 =
        S3Clients.forEndpoint(
            services.s3().endpoint(),
            "us-east-1",
            EmbeddedS3Server.ACCESS_KEY,
            EmbeddedS3Server.SECRET_KEY)) {
      RunId run = new RunId(1, Instant.parse("2026-11-24T11:50:00Z"));
      List<IngestManifest.Table> tables =
          Arrays.stream(SourceTable.values())
              .map(
                  t -> new IngestManifest.Table(t.tableName(), null, null, 0, List.<FileEntry>of()))
              .toList();
      new ManifestStore<>(
              new S3ObjectStore(s3), new JsonCodec(), services.ingestBucket(), IngestManifest.class)
          .write(new IngestManifest(run.toString(), run.startedAt(), run.startedAt(), 600, tables));
    }
  }

  @Test
  void manifestEventTransformsPendingRunsOnceOnly() throws Exception {
    given()
        .contentType("application/json")
        .accept("application/json")
        .body(event("s3-put-ingest-manifest.json"))
        .when()
        .post()
        .then()
        .statusCode(200)
        .body("$", hasSize(1))
        .body("[0].runId", equalTo("00000001-20261124T115000Z"))
        .body("[0].rejected", equalTo(0));
    // the same event again: the run is done, nothing more happens
    given()
        .contentType("application/json")
        .accept("application/json")
        .body(event("s3-put-ingest-manifest.json"))
        .when()
        .post()
        .then()
        .statusCode(200)
        .body("$", hasSize(0));
  }

  @Test
  void dataFileEventIsIgnored() throws Exception {
    given()
        .contentType("application/json")
        .accept("application/json")
        .body(event("s3-put-data-file.json"))
        .when()
        .post()
        .then()
        .statusCode(200)
        .body("$", hasSize(0));
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
        .body(containsString("S3 event without records"));
  }
}
