package com.totaltotes.pipeline.extract.lambda;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.totaltotes.pipeline.generator.TotesysGenerator;
import com.totaltotes.pipeline.testing.PipelineTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The extract function end to end through the Lambda mock event server, with real services. */
@QuarkusTest
@QuarkusTestResource(PipelineTestResource.class)
class ExtractHandlerTest {

  static String event(String name) throws Exception {
    try (InputStream in = ExtractHandlerTest.class.getResourceAsStream("/events/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @BeforeAll
  static void seedSource() throws Exception {
    try (Connection c = PipelineTestResource.services().postgres().connect("totesys")) {
      new TotesysGenerator().seed(c, 200, 3);
    }
  }

  @Test
  void scheduledTickRunsAnExtractAndWritesItsManifest() throws Exception {
    List<String> logLines = new CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord r) {
        String msg = r.getMessage();
        if (r.getParameters() != null && msg != null) {
          msg = msg + " " + java.util.Arrays.toString(r.getParameters());
        }
        logLines.add(msg + (r.getThrown() == null ? "" : " " + r.getThrown()));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    java.util.logging.Logger.getLogger("").addHandler(capture);
    java.io.PrintStream stdout = System.out;
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(new java.io.OutputStream() {
      @Override
      public void write(int b) {
        stdout.write(b);
        printed.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        stdout.write(b, off, len);
        printed.write(b, off, len);
      }
    }, true));
    try {
      given().contentType("application/json").accept("application/json")
          .body(event("scheduled-tick.json"))
          .when().post()
          .then().statusCode(200)
          .body("runId", startsWith("0000000"))
          .body("rowsPerTable.sales_order", equalTo(200));
    } finally {
      System.setOut(stdout);
      java.util.logging.Logger.getLogger("").removeHandler(capture);
    }
    // the run's counts also went out as a CloudWatch EMF metric line
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("\"Namespace\":\"TotesPipeline\"").contains("\"RowsExtracted\":");
    var services = PipelineTestResource.services();
    try (var s3 = com.totaltotes.pipeline.storage.S3Clients.forEndpoint(services.s3().endpoint(), "us-east-1",
        com.totaltotes.pipeline.embedded.EmbeddedS3Server.ACCESS_KEY,
        com.totaltotes.pipeline.embedded.EmbeddedS3Server.SECRET_KEY)) {
      assertThat(new com.totaltotes.pipeline.storage.S3ObjectStore(s3).list(services.ingestBucket(), "_manifests/", null))
          .singleElement().asString().matches("_manifests/00000001-\\d{8}T\\d{6}Z\\.json");
    }
    assertThat(logLines).anySatisfy(l -> assertThat(l).contains("extract summary"));
    assertThat(logLines).noneSatisfy(l -> assertThat(l).contains(PipelineTestResource.DB_PASSWORD));
  }

  @Test
  void malformedEventIsRejectedAsAnError() {
    given().contentType("application/json").accept("application/json")
        .body("{\"time\": \"not a time\"")
        .when().post()
        .then().statusCode(500)
        .body(containsString("errorMessage"));
  }
}
