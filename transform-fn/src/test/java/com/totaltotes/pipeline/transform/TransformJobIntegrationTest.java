package com.totaltotes.pipeline.transform;

import static com.totaltotes.pipeline.transform.SourceFixtures.address;
import static com.totaltotes.pipeline.transform.SourceFixtures.department;
import static com.totaltotes.pipeline.transform.SourceFixtures.salesOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.totaltotes.pipeline.PipelineException;
import com.totaltotes.pipeline.embedded.EmbeddedS3Server;
import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.manifest.ManifestStore;
import com.totaltotes.pipeline.manifest.ProcessedManifest;
import com.totaltotes.pipeline.parquet.ParquetTableReader;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.run.SetAsideRun;
import com.totaltotes.pipeline.run.SetAsideRuns;
import com.totaltotes.pipeline.storage.ObjectOutput;
import com.totaltotes.pipeline.storage.ObjectStore;
import com.totaltotes.pipeline.storage.S3Clients;
import com.totaltotes.pipeline.storage.S3ObjectStore;
import com.totaltotes.pipeline.transform.lambda.TransformSettings;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** The transform core against a real S3 server: ingest files in, typed Parquet out. */
class TransformJobIntegrationTest {
  private static EmbeddedS3Server server;
  private static S3Client s3;
  private static ObjectStore store;
  @TempDir Path temp;
  private String ingest;
  private String processed;
  private IngestRunWriter runs;

  @BeforeAll
  static void start() {
    server = EmbeddedS3Server.startInMemory();
    s3 =
        S3Clients.forEndpoint(
            server.endpoint(),
            "us-east-1",
            EmbeddedS3Server.ACCESS_KEY,
            EmbeddedS3Server.SECRET_KEY);
    store = new S3ObjectStore(s3);
  }

  @AfterAll
  static void stop() {
    s3.close();
    server.close();
  }

  @BeforeEach
  void buckets() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    ingest = "ingest-" + suffix;
    processed = "processed-" + suffix;
    server.createBucket(ingest);
    server.createBucket(processed);
    runs = new IngestRunWriter(store, ingest);
  }

  private TransformJob job() {
    return job(store);
  }

  private TransformJob job(ObjectStore objects) {
    return new TransformJob(
        objects,
        new JsonCodec(),
        Clock.systemUTC(),
        TransformSettings.Transform.defaults().toConfig(ingest, processed));
  }

  private ManifestStore<ProcessedManifest> manifests() {
    return new ManifestStore<>(store, new JsonCodec(), processed, ProcessedManifest.class);
  }

  private List<List<Object>> rows(ProcessedManifest m, WarehouseTable table) {
    List<List<Object>> rows = new ArrayList<>();
    ProcessedManifest.Table entry = m.table(table.tableName());
    entry
        .files()
        .forEach(
            f ->
                new ParquetTableReader(store, temp)
                    .read(processed, f.key(), table, v -> rows.add(Arrays.asList(v))));
    return rows;
  }

  @Test
  void transformsAllElevenTablesWithExactValues() {
    runs.write(1, SourceFixtures.firstRun());
    List<TransformSummary> done = job().run();

    assertThat(done).singleElement().satisfies(s -> assertThat(s.rejected()).isZero());
    ProcessedManifest m = manifests().latest();
    assertThat(m.tables())
        .extracting(ProcessedManifest.Table::table)
        .containsExactly(
            Arrays.stream(WarehouseTable.values())
                .map(WarehouseTable::tableName)
                .toArray(String[]::new));
    assertThat(rows(m, WarehouseTable.FACT_SALES_ORDER))
        .containsExactly(
            List.of(
                1,
                LocalDate.of(2024, 2, 29),
                LocalTime.parse("23:59:59.999"),
                LocalDate.of(2024, 2, 29),
                LocalTime.parse("23:59:59.999"),
                1,
                1,
                3,
                new BigDecimal("99999999.99"),
                1,
                1,
                LocalDate.of(2024, 3, 4),
                LocalDate.of(2024, 3, 3),
                1));
    assertThat(rows(m, WarehouseTable.FACT_PURCHASE_ORDER).get(0))
        .contains(new BigDecimal("0.01"), "ZDOI5EA");
    assertThat(rows(m, WarehouseTable.DIM_STAFF))
        .containsExactlyInAnyOrder(
            List.of(1, "Siân", "O'Brien", "Sales", "Manchester", "sian.obrien@terrifictotes.com"),
            List.of(
                2, "Siân", "O'Brien", "Purchasing", "Unknown", "sian.obrien@terrifictotes.com"));
    assertThat(rows(m, WarehouseTable.DIM_CURRENCY))
        .containsExactlyInAnyOrder(List.of(1, "GBP", "British Pound"), List.of(2, "XYZ", "XYZ"));
    assertThat(rows(m, WarehouseTable.DIM_COUNTERPARTY))
        .contains(
            Arrays.asList(
                1,
                "Fahey and Sons \"Ltd\"",
                "6826 Herzog Via",
                null,
                null,
                "Zürich",
                "8001",
                "Switzerland",
                "1803 637401"));
    // a Sunday and a leap day among the referenced dates
    assertThat(rows(m, WarehouseTable.DIM_DATE))
        .contains(
            List.of(LocalDate.of(2024, 3, 3), 2024, 3, 3, 7, "Sunday", "March", 1),
            List.of(LocalDate.of(2024, 2, 29), 2024, 2, 29, 4, "Thursday", "February", 1));
    assertThat(rows(m, WarehouseTable.DIM_DATE))
        .extracting(r -> r.get(0))
        .doesNotHaveDuplicates()
        .contains(LocalDate.of(2022, 11, 3), LocalDate.of(2022, 11, 9), LocalDate.of(2024, 3, 4));
    assertThat(m.newestSourceUpdate())
        .isEqualTo(java.time.LocalDateTime.parse("2024-02-29T23:59:59.999"));
  }

  /**
   * Issue 26: an {@code Error} inside a transform worker (out of memory on a large slice, a missing
   * native library) fails the run within a bound, as a transient failure naming the table; no
   * manifest is written, and the next invocation transforms the run.
   */
  @Test
  void anErrorInsideATransformWorkerFailsTheRunWithinABound() {
    runs.write(1, SourceFixtures.firstRun());
    ObjectStore failing =
        new ObjectStore() {
          @Override
          public ObjectOutput create(String bucket, String key) {
            if (key.startsWith("fact_payment/")) {
              throw new OutOfMemoryError("injected while writing " + key);
            }
            return store.create(bucket, key);
          }

          @Override
          public InputStream open(String bucket, String key) {
            return store.open(bucket, key);
          }

          @Override
          public List<String> list(String bucket, String prefix, String startAfter) {
            return store.list(bucket, prefix, startAfter);
          }

          @Override
          public boolean createIfAbsent(String bucket, String key, byte[] bytes) {
            return store.createIfAbsent(bucket, key, bytes);
          }

          @Override
          public boolean exists(String bucket, String key) {
            return store.exists(bucket, key);
          }
        };
    PipelineException failure =
        assertTimeoutPreemptively(
            java.time.Duration.ofSeconds(60),
            () -> catchThrowableOfType(PipelineException.class, () -> job(failing).run()));
    assertThat(failure)
        .hasMessageContaining("fact_payment")
        .hasMessageContaining("OutOfMemoryError: injected while writing fact_payment/")
        .hasRootCauseInstanceOf(OutOfMemoryError.class);
    assertThat(failure.permanent()).as("a retry may succeed").isFalse();
    assertThat(manifests().latest()).isNull();

    assertThat(job().run()).singleElement().satisfies(s -> assertThat(s.setAside()).isNull());
    assertThat(manifests().latest().table("fact_payment").rows()).isPositive();
  }

  @Test
  void parquetFilesCarryTheWarehouseLogicalTypes() throws Exception {
    runs.write(1, SourceFixtures.firstRun());
    job().run();
    String key = manifests().latest().table("fact_sales_order").files().get(0).key();
    Path file = temp.resolve("f.parquet");
    try (InputStream in = store.open(processed, key)) {
      Files.copy(in, file);
    }
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
      String schema = reader.getFooter().getFileMetaData().getSchema().toString();
      assertThat(schema)
          .contains("required fixed_len_byte_array(5) unit_price (DECIMAL(10,2))")
          .contains("required int32 created_date (DATE)")
          .contains("required int32 created_time (TIME(MILLIS,true))")
          .contains("required int32 sales_order_id;")
          .contains("required int32 units_sold;");
    }
  }

  @Test
  void addressChangeReEmitsLocationAndCounterpartyDepartmentRenameReEmitsStaff() {
    runs.write(1, SourceFixtures.firstRun());
    runs.write(
        2,
        Map.of(
            "address",
                List.of(address(1, "1 New Street", "0161 000000", "2022-11-04T09:00:00.000")),
            "department", List.of(department(2, "Procurement", null, "2022-11-04T09:00:00.000"))));
    job().run();
    ProcessedManifest second = manifests().latest();
    assertThat(second.run().seq()).isEqualTo(2);
    assertThat(rows(second, WarehouseTable.DIM_LOCATION))
        .extracting(r -> r.get(1))
        .containsExactly("1 New Street");
    assertThat(rows(second, WarehouseTable.DIM_COUNTERPARTY))
        .singleElement()
        .satisfies(
            r -> assertThat(r).containsSubsequence(1, "Fahey and Sons \"Ltd\"", "1 New Street"));
    assertThat(rows(second, WarehouseTable.DIM_STAFF))
        .containsExactly(
            List.of(
                2, "Siân", "O'Brien", "Procurement", "Unknown", "sian.obrien@terrifictotes.com"));
    assertThat(second.table("fact_sales_order").rows()).isZero();
  }

  @Test
  void impossibleDateIsRejectedWithAReasonAndTheRestIsTransformed() throws Exception {
    Map<String, List<Map<String, Object>>> rows = SourceFixtures.firstRun();
    rows.get("sales_order").add(salesOrder(2, "2023-01-01T10:00:00.000", "5.00", "2023-02-30"));
    runs.write(1, rows);
    assertThat(job().run()).singleElement().satisfies(s -> assertThat(s.rejected()).isEqualTo(1));
    ProcessedManifest m = manifests().latest();
    assertThat(m.rejects()).isEqualTo(1);
    assertThat(rows(m, WarehouseTable.FACT_SALES_ORDER))
        .extracting(r -> r.get(0))
        .containsExactly(1);
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(store.open(processed, m.rejectsKey())),
                StandardCharsets.UTF_8))) {
      var reject = new JsonCodec().mapper().readTree(r.readLine());
      assertThat(reject.get("table").asText()).isEqualTo("sales_order");
      assertThat(reject.get("id").asInt()).isEqualTo(2);
      assertThat(reject.get("reason").asText())
          .contains("agreed_delivery_date")
          .contains("2023-02-30");
      assertThat(reject.get("row").get("unit_price").decimalValue())
          .isEqualTo(new BigDecimal("5.00"));
      assertThat(r.readLine()).isNull();
    }
  }

  @Test
  void factsOfAStaffMemberWhoseDimensionCannotBeBuiltAreRejectedToo() throws Exception {
    Map<String, List<Map<String, Object>>> rows = SourceFixtures.firstRun();
    rows.get("staff").add(SourceFixtures.staff(3, 99)); // department 99 never arrived
    Map<String, Object> order =
        new java.util.LinkedHashMap<>(
            salesOrder(2, "2023-01-01T10:00:00.000", "5.00", "2023-03-01"));
    order.put("staff_id", 3);
    rows.get("sales_order").add(order);
    runs.write(1, rows);
    job().run();
    ProcessedManifest m = manifests().latest();
    // neither the staff row nor its order reaches the warehouse (the order would break its FK)
    assertThat(rows(m, WarehouseTable.DIM_STAFF))
        .extracting(r -> r.get(0))
        .containsExactlyInAnyOrder(1, 2);
    assertThat(rows(m, WarehouseTable.FACT_SALES_ORDER))
        .extracting(r -> r.get(0))
        .containsExactly(1);
    assertThat(m.rejects()).isEqualTo(2);
    List<String> reasons = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(store.open(processed, m.rejectsKey())),
                StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        reasons.add(new JsonCodec().mapper().readTree(line).get("reason").asText());
      }
    }
    assertThat(reasons)
        .anySatisfy(reason -> assertThat(reason).contains("department 99"))
        .anySatisfy(
            reason ->
                assertThat(reason)
                    .contains("staff_id 3 references a staff whose dimension row cannot be built"));
  }

  @Test
  void yearZeroDateIsRejectedNotLoaded() {
    Map<String, List<Map<String, Object>>> rows = SourceFixtures.firstRun();
    rows.get("sales_order").add(salesOrder(2, "2023-01-01T10:00:00.000", "5.00", "0000-01-01"));
    runs.write(1, rows);
    assertThat(job().run()).singleElement().satisfies(s -> assertThat(s.rejected()).isEqualTo(1));
    assertThat(rows(manifests().latest(), WarehouseTable.DIM_DATE))
        .extracting(r -> ((LocalDate) r.get(0)).getYear())
        .allSatisfy(year -> assertThat(year).isBetween(1, 9999));
  }

  @Test
  void whenTheNextRunDoesNotFitTheTimeLeftTheInvocationStopsAndTheNextOneGoesOn() {
    runs.write(1, SourceFixtures.firstRun());
    runs.write(
        2, Map.of("address", List.of(address(2, "2 Other Road", "1", "2022-11-05T00:00:00.000"))));
    runs.write(
        3, Map.of("address", List.of(address(2, "3 Third Road", "1", "2022-11-06T00:00:00.000"))));
    // 60 s left, all of it kept back: the first run is always done, the second does not fit
    TransformResult first =
        job().run(summary -> {}, com.totaltotes.pipeline.run.Deadline.of(() -> 60_000));
    assertThat(first.runs())
        .extracting(TransformSummary::runId)
        .containsExactly(IngestRunWriter.runId(1).toString());
    assertThat(first.backlogRuns()).isEqualTo(2);
    assertThat(first.backlogRows()).isEqualTo(2);
    TransformResult next = job().run(summary -> {}, com.totaltotes.pipeline.run.Deadline.NONE);
    assertThat(next.runs())
        .extracting(TransformSummary::runId)
        .containsExactly(IngestRunWriter.runId(2).toString(), IngestRunWriter.runId(3).toString());
    assertThat(next.backlogRuns()).isZero();
    assertThat(rows(manifests().latest(), WarehouseTable.DIM_COUNTERPARTY))
        .singleElement()
        .satisfies(r -> assertThat(r).contains("3 Third Road"));
  }

  @Test
  void sameEventTwiceAndRunsArrivingTogetherChangeNothingExtra() {
    runs.write(1, SourceFixtures.firstRun());
    runs.write(
        2, Map.of("address", List.of(address(2, "2 Other Road", "1", "2022-11-05T00:00:00.000"))));
    assertThat(job().run())
        .extracting(TransformSummary::runId)
        .containsExactly(IngestRunWriter.runId(1).toString(), IngestRunWriter.runId(2).toString());
    assertThat(job().run()).isEmpty();
    assertThat(manifests().runsAfter(null)).hasSize(2);
    assertThat(rows(manifests().latest(), WarehouseTable.DIM_COUNTERPARTY))
        .singleElement()
        .satisfies(r -> assertThat(r).contains("2 Other Road"));
  }

  @Test
  void malformedLineSetsTheRunAsideNamingKeyAndLineAndLaterRunsGoOn() {
    var manifest = runs.write(1, SourceFixtures.firstRun());
    String key = manifest.table("design").files().get(0).key();
    byte[] garbled =
        IngestRunWriter.gzip("{\"design_id\": 1,\n{garbled\n".getBytes(StandardCharsets.UTF_8));
    runs.overwrite(key, garbled);
    runs.write(
        2,
        Map.of(
            "address",
            List.of(address(1, "1 New Street", "0161 000000", "2022-11-04T09:00:00.000"))));

    TransformResult result = job().run(s -> {});

    assertThat(result.runs())
        .extracting(TransformSummary::runId)
        .containsExactly(IngestRunWriter.runId(1).toString(), IngestRunWriter.runId(2).toString());
    assertThat(result.runs().get(0).setAside()).contains("s3://" + ingest + "/" + key);
    assertThat(result.runs().get(1).setAside()).isNull();
    assertThat(manifests().read(IngestRunWriter.runId(1)).wasSetAside()).isTrue();
    assertThat(manifests().read(IngestRunWriter.runId(1)).tables()).isEmpty();
    assertThat(setAside())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.runId()).isEqualTo(IngestRunWriter.runId(1).toString());
              assertThat(r.function()).isEqualTo("transform");
              assertThat(r.reason()).contains("s3://" + ingest + "/" + key, "is not a JSON object");
            });
    // run 2 went on from an empty state (run 1's address is unknown to it) and is complete
    assertThat(rows(manifests().latest(), WarehouseTable.DIM_LOCATION))
        .singleElement()
        .satisfies(r -> assertThat(r).contains("1 New Street"));
    assertThat(job().run()).as("a set-aside run is not retried by later invocations").isEmpty();
  }

  @Test
  void truncatedGzipPartSetsTheRunAsideNamingTheKey() {
    var manifest = runs.write(1, SourceFixtures.firstRun());
    String key = manifest.table("payment").files().get(0).key();
    byte[] whole =
        IngestRunWriter.gzip("{\"payment_id\": 1}\n".repeat(50).getBytes(StandardCharsets.UTF_8));
    runs.overwrite(key, Arrays.copyOf(whole, whole.length / 2));
    assertThat(job().run())
        .singleElement()
        .satisfies(r -> assertThat(r.setAside()).contains(key, "truncated"));
    assertThat(manifests().latest().wasSetAside()).isTrue();
  }

  @Test
  void aFileWithOtherBytesThanItsManifestSaysSetsTheRunAsideEvenWhenItStillParses()
      throws Exception {
    var manifest = runs.write(1, SourceFixtures.firstRun());
    FileEntry file = manifest.table("design").files().get(0);
    byte[] stored;
    try (InputStream in = store.open(ingest, file.key())) {
      stored = in.readAllBytes();
    }
    // the same rows and length, one byte of the gzip header's MTIME changed: valid gzip, other
    // bytes
    byte[] other = stored.clone();
    other[4] ^= 0x01;
    runs.overwrite(file.key(), other);
    assertThat(job().run())
        .singleElement()
        .satisfies(
            r -> assertThat(r.setAside()).contains(file.key(), "does not match the SHA-256"));
  }

  @Test
  void aManifestNamingAMissingFileSetsTheRunAside() {
    IngestManifest written = runs.write(1, SourceFixtures.firstRun());
    String key = written.table("staff").files().get(0).key();
    s3.deleteObject(b -> b.bucket(ingest).key(key));
    assertThat(job().run())
        .singleElement()
        .satisfies(
            r -> assertThat(r.setAside()).contains("s3://" + ingest + "/" + key, "does not exist"));
  }

  @Test
  void anUnparseableManifestIsSetAsideAndAStrayKeyIsSkippedAndCounted() throws Exception {
    runs.write(1, SourceFixtures.firstRun());
    RunId broken = IngestRunWriter.runId(2);
    runs.put(ManifestStore.key(broken), "{not json".getBytes(StandardCharsets.UTF_8), 0);
    runs.put("_manifests/notes.txt", "hello".getBytes(StandardCharsets.UTF_8), 0);
    runs.write(3, Map.of());

    TransformResult result = job().run(s -> {});

    assertThat(result.strayManifestKeys()).isEqualTo(1);
    assertThat(result.runs())
        .extracting(r -> r.setAside() != null)
        .containsExactly(false, true, false);
    assertThat(result.runs().get(1).setAside()).contains(ManifestStore.key(broken));
    // run 3 started from run 1's state: the chain of states skips the set-aside run
    assertThat(manifests().read(IngestRunWriter.runId(3)).statePrefix()).isNotNull();
  }

  @Test
  void twoConcurrentInvocationsWriteEachRunOnce() throws Exception {
    runs.write(1, SourceFixtures.firstRun());
    runs.write(
        2,
        Map.of(
            "address",
            List.of(address(1, "1 New Street", "0161 000000", "2022-11-04T09:00:00.000"))));
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var a = pool.submit(() -> job().run());
      var b = pool.submit(() -> job().run());
      List<TransformSummary> done = new java.util.ArrayList<>(a.get());
      done.addAll(b.get());
      assertThat(done).extracting(TransformSummary::setAside).containsOnlyNulls();
    } finally {
      pool.shutdownNow();
    }
    assertThat(manifests().runsAfter(null))
        .extracting(RunId::toString)
        .containsExactly(IngestRunWriter.runId(1).toString(), IngestRunWriter.runId(2).toString());
    assertThat(rows(manifests().latest(), WarehouseTable.DIM_LOCATION))
        .singleElement()
        .satisfies(r -> assertThat(r).contains("1 New Street"));
  }

  private List<SetAsideRun> setAside() {
    return new SetAsideRuns(store, new JsonCodec(), processed).list();
  }
}
