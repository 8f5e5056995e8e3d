package com.totaltotes.pipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.joda.JodaModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.totaltotes.pipeline.testing.sam.ProjectFiles;
import com.totaltotes.pipeline.testing.sam.SamTemplate;
import io.quarkus.amazon.lambda.runtime.JacksonInputReader;
import io.quarkus.amazon.lambda.runtime.handlers.S3EventInputReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The events in sam/events (for {@code sam local invoke} and the console) are copies of the
 * fixtures the function modules' handler tests post to the real handlers, so they cannot drift; and
 * they parse as the Quarkus Lambda runtime parses an invocation (its own S3 reader; a Jackson
 * reader configured like the runtime's for everything else).
 */
class SamEventsTest {
  private static final Path EVENTS = ProjectFiles.path("sam/events");

  /** sam/events file → the fixture it copies, in the module of the function it is sent to. */
  private static final Map<String, String> FIXTURES =
      Map.of(
          "scheduled-tick.json", "extract-fn/src/test/resources/events/scheduled-tick.json",
          "s3-put-ingest-manifest.json",
              "transform-fn/src/test/resources/events/s3-put-ingest-manifest.json",
          "s3-put-processed-manifest.json",
              "load-fn/src/test/resources/events/s3-put-processed-manifest.json");

  /**
   * Like the mapper the Quarkus Lambda runtime reads events with (AmazonLambdaMapperRecorder: the
   * quarkus-jackson mapper, unknown properties ignored, case-insensitive names, Joda dates).
   */
  private static final ObjectMapper LAMBDA_MAPPER =
      JsonMapper.builder()
          .addModule(new Jdk8Module())
          .addModule(new JavaTimeModule())
          .addModule(new JodaModule())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
          .build();

  @Test
  void samEventsHoldExactlyTheEventsWorthInvokingByHand() throws IOException {
    Set<String> files = new TreeSet<>();
    try (Stream<Path> list = Files.list(EVENTS)) {
      list.forEach(p -> files.add(p.getFileName().toString()));
    }
    assertThat(files).isEqualTo(new TreeSet<>(FIXTURES.keySet()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "scheduled-tick.json",
        "s3-put-ingest-manifest.json",
        "s3-put-processed-manifest.json"
      })
  void eachEventIsByteForByteTheFixtureItsHandlerIsTestedWith(String event) throws IOException {
    Path fixture = ProjectFiles.path(FIXTURES.get(event));
    assertThat(fixture)
        .as(
            "%s must exist: copy sam/events/%s there (or the other way round) so the handler test"
                + " uses it",
            FIXTURES.get(event), event)
        .isRegularFile();
    assertThat(Files.readAllBytes(EVENTS.resolve(event)))
        .as("sam/events/%s differs from %s", event, FIXTURES.get(event))
        .isEqualTo(Files.readAllBytes(fixture));
  }

  @Test
  void theScheduledTickParsesAsTheExtractHandlersScheduledEvent() throws IOException {
    ScheduledEvent event;
    try (InputStream in = Files.newInputStream(EVENTS.resolve("scheduled-tick.json"))) {
      event =
          (ScheduledEvent)
              new JacksonInputReader(LAMBDA_MAPPER.readerFor(ScheduledEvent.class)).readValue(in);
    }
    assertThat(event.getSource()).isEqualTo("aws.events");
    assertThat(event.getId()).isNotBlank();
    assertThat(Instant.ofEpochMilli(event.getTime().getMillis()))
        .isEqualTo(Instant.parse("2026-11-24T11:50:00Z"));
    assertThat(event.getResources()).singleElement().asString().startsWith("arn:aws:events:");
  }

  @Test
  void theIngestManifestEventParsesAsTheTransformHandlersS3EventAndPassesItsFilter()
      throws IOException {
    S3EventNotificationRecord record = singleRecord("s3-put-ingest-manifest.json");
    assertThat(record.getS3().getBucket().getName())
        .isNotBlank(); // the handler uses its configured bucket
    assertManifestKeyFor("TransformFunction", record);
  }

  @Test
  void theProcessedManifestEventParsesAsTheLoadHandlersS3EventAndPassesItsFilter()
      throws IOException {
    S3EventNotificationRecord record = singleRecord("s3-put-processed-manifest.json");
    assertThat(record.getS3().getBucket().getName())
        .isNotBlank(); // the handler uses its configured bucket
    assertManifestKeyFor("LoadFunction", record);
  }

  @Test
  void keysArriveUrlEncodedAndTheRuntimeReaderDecodesThem() throws IOException {
    // S3 sends keys form-encoded; handlers must use getUrlDecodedKey() (VERSIONS pitfall 13)
    S3Event event;
    try (InputStream in =
        Files.newInputStream(
            ProjectFiles.path(
                "transform-fn/src/test/resources/events/s3-put-key-with-space.json"))) {
      event = new S3EventInputReader(LAMBDA_MAPPER).readValue(in);
    }
    S3EventNotificationRecord record = event.getRecords().get(0);
    assertThat(record.getS3().getObject().getKey()).isEqualTo("_manifests/manual+copy%3D1.json");
    assertThat(record.getS3().getObject().getUrlDecodedKey())
        .isEqualTo("_manifests/manual copy=1.json");
  }

  private static void assertManifestKeyFor(String function, S3EventNotificationRecord record) {
    assertThat(record.getEventSource()).isEqualTo("aws:s3");
    assertThat(record.getEventName()).startsWith("ObjectCreated:");
    assertThat(record.getEventTime()).isNotNull();
    String key = record.getS3().getObject().getUrlDecodedKey();
    assertThat(key).isEqualTo("_manifests/00000001-20261124T115000Z.json");
    Map<String, String> filter = SamTemplate.load().keyFilter(function);
    assertThat(key)
        .as("the key passes %s's notification filter %s", function, filter)
        .startsWith(filter.get("prefix"))
        .endsWith(filter.get("suffix"));
  }

  private static S3EventNotificationRecord singleRecord(String event) throws IOException {
    S3Event parsed;
    try (InputStream in = Files.newInputStream(EVENTS.resolve(event))) {
      parsed = new S3EventInputReader(LAMBDA_MAPPER).readValue(in);
    }
    assertThat(parsed.getRecords()).hasSize(1);
    return parsed.getRecords().get(0);
  }
}
