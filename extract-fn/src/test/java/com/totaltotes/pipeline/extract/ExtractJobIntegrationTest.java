package com.totaltotes.pipeline.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.totaltotes.pipeline.PipelineException;
import com.totaltotes.pipeline.credentials.ConnectionSource;
import com.totaltotes.pipeline.credentials.DatabaseLogin;
import com.totaltotes.pipeline.embedded.EmbeddedPostgresServer;
import com.totaltotes.pipeline.embedded.EmbeddedS3Server;
import com.totaltotes.pipeline.generator.TotesysGenerator;
import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.manifest.ManifestConflictException;
import com.totaltotes.pipeline.manifest.ManifestStore;
import com.totaltotes.pipeline.run.Deadline;
import com.totaltotes.pipeline.run.RowProgress;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.source.SourceTable;
import com.totaltotes.pipeline.storage.ObjectOutput;
import com.totaltotes.pipeline.storage.ObjectStore;
import com.totaltotes.pipeline.storage.S3Clients;
import com.totaltotes.pipeline.storage.S3ObjectStore;
import java.io.InputStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;
import software.amazon.awssdk.services.s3.S3Client;

/** The extract core against a real PostgreSQL (generated totesys) and a real S3 server. */
class ExtractJobIntegrationTest {
  private static EmbeddedPostgresServer pg;
  private static EmbeddedS3Server s3server;
  private static S3Client s3;
  private static ObjectStore store;
  private String db;
  private String bucket;
  private ConnectionSource source;

  @BeforeAll
  static void startServers() {
    pg = EmbeddedPostgresServer.start();
    s3server = EmbeddedS3Server.startInMemory();
    s3 =
        S3Clients.forEndpoint(
            s3server.endpoint(),
            "us-east-1",
            EmbeddedS3Server.ACCESS_KEY,
            EmbeddedS3Server.SECRET_KEY);
    store = new S3ObjectStore(s3);
  }

  @AfterAll
  static void stopServers() {
    s3.close();
    s3server.close();
    pg.close();
  }

  @BeforeEach
  void freshSourceAndBucket() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    db = pg.createDatabase("src_" + suffix);
    bucket = "ingest-" + suffix;
    s3server.createBucket(bucket);
    try (Connection c = pg.connect(db)) {
      new TotesysGenerator().seed(c, 300, 7);
    }
    source =
        ConnectionSource.fixed(
            new DatabaseLogin(
                "postgres",
                "localhost",
                pg.port(),
                EmbeddedPostgresServer.USER,
                EmbeddedPostgresServer.PASSWORD,
                db));
  }

  private ExtractJob job(ObjectStore objects, int partRows) {
    return job(objects, partRows, Clock.systemUTC());
  }

  private ExtractJob job(ObjectStore objects, int partRows, Clock clock) {
    return new ExtractJob(
        source,
        objects,
        new JsonCodec(),
        clock,
        new ExtractConfig(bucket, Duration.ofMinutes(10), partRows, 2, ZoneOffset.UTC));
  }

  private ManifestStore<IngestManifest> manifests() {
    return new ManifestStore<>(store, new JsonCodec(), bucket, IngestManifest.class);
  }

  private void sql(String statement) throws Exception {
    try (Connection c = pg.connect(db);
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  private long count(String query) throws Exception {
    try (Connection c = pg.connect(db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void firstRunWritesEveryRowOfEveryTableExactly() throws Exception {
    ExtractSummary summary = job(store, 250).run();

    IngestManifest manifest = manifests().latest();
    assertThat(manifest.runId()).isEqualTo(summary.runId()).startsWith("00000001-");
    assertThat(manifest.tables())
        .extracting(IngestManifest.Table::table)
        .containsExactly(
            java.util.Arrays.stream(SourceTable.values())
                .map(SourceTable::tableName)
                .toArray(String[]::new));
    for (SourceTable t : SourceTable.values()) {
      List<JsonNode> rows = IngestFiles.rows(store, bucket, manifest, t.tableName());
      assertThat(rows)
          .as(t.tableName())
          .hasSize((int) count("select count(*) from " + t.tableName()));
      assertThat(manifest.table(t.tableName()).since()).isNull();
      assertSameAsSource(t, rows);
    }
    // parts hold at most 250 rows and the manifest's counts match the files
    IngestManifest.Table payments = manifest.table("payment");
    assertThat(payments.files()).hasSizeGreaterThan(1);
    assertThat(payments.files()).allSatisfy(f -> assertThat(f.rows()).isLessThanOrEqualTo(250));
    assertThat(payments.files().stream().mapToLong(f -> f.rows()).sum()).isEqualTo(payments.rows());
    assertThat(payments.files().get(0).key())
        .matches(
            "payment/dt=\\d{4}-\\d{2}-\\d{2}/00000001-\\d{8}T\\d{6}Z-[0-9a-f]{8}-00001\\.jsonl\\.gz");
    assertThat(payments.watermark()).isEqualTo(maxLastUpdated("payment"));
  }

  @Test
  void awkwardValuesRoundTripExactly() throws Exception {
    sql(
        "update department set department_name = 'Zoë''s \"Dept\" \\ 東京', location = null where"
            + " department_id = 1");
    sql(
        "update sales_order set unit_price = 0.01, last_updated = '2030-01-01 23:59:59.999' where"
            + " sales_order_id = 1");
    sql(
        "update sales_order set unit_price = 99999999.99, last_updated = '2030-01-01 00:00:00'"
            + " where sales_order_id = 2");
    job(store, 100_000).run();
    IngestManifest manifest = manifests().latest();
    Map<Long, JsonNode> orders =
        byId(IngestFiles.rows(store, bucket, manifest, "sales_order"), "sales_order_id");
    assertThat(orders.get(1L).get("unit_price").decimalValue()).isEqualTo(new BigDecimal("0.01"));
    assertThat(orders.get(1L).get("last_updated").asText()).isEqualTo("2030-01-01T23:59:59.999");
    assertThat(orders.get(2L).get("unit_price").decimalValue())
        .isEqualTo(new BigDecimal("99999999.99"));
    assertThat(orders.get(2L).get("last_updated").asText()).isEqualTo("2030-01-01T00:00:00.000");
    JsonNode dept =
        byId(IngestFiles.rows(store, bucket, manifest, "department"), "department_id").get(1L);
    assertThat(dept.get("department_name").asText()).isEqualTo("Zoë's \"Dept\" \\ 東京");
    assertThat(dept.get("location").isNull()).isTrue();
  }

  @Test
  void runWithoutSourceChangeAddsNoNewRowVersions() throws Exception {
    job(store, 100_000).run();
    IngestManifest first = manifests().latest();
    job(store, 100_000).run();
    IngestManifest second = manifests().latest();
    assertThat(second.run().seq()).isEqualTo(2);
    for (SourceTable t : SourceTable.values()) {
      Set<String> before = versions(t, IngestFiles.rows(store, bucket, first, t.tableName()));
      Set<String> after = versions(t, IngestFiles.rows(store, bucket, second, t.tableName()));
      assertThat(before).as(t.tableName()).containsAll(after);
      // every row of the lookback was written before the first run's snapshot: none read again
      assertThat(after).as(t.tableName()).isEmpty();
      assertThat(second.table(t.tableName()).watermark())
          .isEqualTo(first.table(t.tableName()).watermark());
      // the rows after the first run's position, and again those up to it within the lookback of
      // its watermark
      IngestManifest.Table firstTable = first.table(t.tableName());
      assertThat(second.table(t.tableName()).since())
          .isEqualTo(
              earliest(
                  firstTable.watermark().minusMinutes(10),
                  firstTable.readTo().lastUpdated().minusNanos(1_000_000)));
    }
  }

  private static LocalDateTime earliest(LocalDateTime a, LocalDateTime b) {
    return a.isBefore(b) ? a : b;
  }

  @Test
  void changeRoundIsCapturedByTheNextRun() throws Exception {
    job(store, 100_000).run();
    IngestManifest first = manifests().latest();
    var change = new TotesysGenerator().changeRound(pg.connect(db), 11);
    job(store, 100_000).run();
    IngestManifest second = manifests().latest();
    for (SourceTable t : SourceTable.values()) {
      Set<String> extracted = versions(t, IngestFiles.rows(store, bucket, second, t.tableName()));
      LocalDateTime since = first.table(t.tableName()).watermark();
      try (Connection c = pg.connect(db);
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "select "
                      + t.idColumn()
                      + ", last_updated from "
                      + t.tableName()
                      + " where last_updated > '"
                      + since
                      + "'")) {
        while (rs.next()) {
          assertThat(extracted)
              .as(t.tableName())
              .contains(rs.getLong(1) + "@" + rs.getObject(2, LocalDateTime.class));
        }
      }
    }
    assertThat(change.inserted("sales_order")).isPositive();
    assertThat(second.table("sales_order").rows())
        .isGreaterThanOrEqualTo(change.inserted("sales_order") + 1);
  }

  @Test
  void rowsWrittenLateAreCapturedWhateverTheirLastUpdated() throws Exception {
    job(store, 100_000).run();
    LocalDateTime watermark = manifests().latest().table("design").watermark();
    String columns =
        "insert into design (design_id, design_name, file_location, file_name, created_at,"
            + " last_updated) ";
    sql(
        columns
            + "values (90001, 'Late', '/late', 'late.json', '"
            + watermark.minusMinutes(5)
            + "', '"
            + watermark.minusMinutes(5)
            + "')");
    sql(
        columns
            + "values (90002, 'Too late', '/late', 'late2.json', '"
            + watermark.minusMinutes(30)
            + "', '"
            + watermark.minusMinutes(30)
            + "')");
    sql(
        "update design set design_name = 'Changed too late', last_updated = '"
            + watermark.minusMinutes(30)
            + "' where design_id = 1");
    job(store, 100_000).run();
    IngestManifest second = manifests().latest();
    Map<Long, JsonNode> designs =
        byId(IngestFiles.rows(store, bucket, second, "design"), "design_id");
    // within the lookback: re-read by the window
    assertThat(designs).containsKey(90001L);
    // beyond it: a new id, and a row written after the previous run's snapshot (its xmin), both
    // outside the window: read by id
    assertThat(designs).containsKey(90002L);
    assertThat(designs.get(1L).get("design_name").asText()).isEqualTo("Changed too late");
    assertThat(second.table("design").lateRows()).isEqualTo(2);
    assertThat(second.sourceSnapshot()).matches("\\d+:\\d+:[\\d,]*");
  }

  /**
   * An update made, before a run's snapshot, in a savepoint of a transaction that commits after it:
   * its xmin (the subtransaction's id) is below the snapshot's xmax and not in its list of running
   * transactions (which holds top-level ones only), so the key sets take it as seen; the lookback's
   * horizon (the snapshot's oldest running transaction) must still read it again, and nothing else
   * of the lookback.
   */
  @Test
  void aRowUpdatedInASavepointOfATransactionRunningAtTheSnapshotIsReadByTheNextRun()
      throws Exception {
    LocalDateTime newest = maxLastUpdated("design");
    try (Connection open = pg.connect(db);
        Statement s = open.createStatement()) {
      open.setAutoCommit(false);
      s.execute("select txid_current()"); // the top-level transaction's id comes first
      s.execute("savepoint late");
      s.execute(
          "update design set design_name = 'Saved late', last_updated = '"
              + newest.minusMinutes(5)
              + "' where design_id = 1");
      s.execute("release savepoint late");
      // a later transaction completes, so the snapshot's xmax passes the savepoint's id
      sql("select txid_current()");
      job(onceTheSnapshotIsTaken(open::commit), 100_000).run();
    }
    IngestManifest first = manifests().latest();
    assertThat(
            byId(IngestFiles.rows(store, bucket, first, "design"), "design_id")
                .get(1L)
                .get("design_name")
                .asText())
        .isNotEqualTo("Saved late");
    job(store, 100_000).run();
    Map<Long, JsonNode> designs =
        byId(IngestFiles.rows(store, bucket, manifests().latest(), "design"), "design_id");
    assertThat(designs).containsOnlyKeys(1L);
    assertThat(designs.get(1L).get("design_name").asText()).isEqualTo("Saved late");
  }

  /**
   * A previous snapshot the source's transaction ids cannot be compared with (here: another
   * cluster's, 2^40 ahead): the run says so, reads its whole lookback and every id (so a delete is
   * still found), and the next run compares with its snapshot again.
   */
  @Test
  void aPreviousSnapshotFromAnotherClusterIsNotComparedWithAndTheRunSaysSo() throws Exception {
    sql(
        "insert into design (design_id, design_name, file_location, file_name, created_at,"
            + " last_updated) values (90400, 'Gone soon', '/x', 'x.json', now(), now())");
    job(store, 100_000).run();
    IngestManifest first = manifests().latest();
    IngestManifest foreign =
        new IngestManifest(
            first.runId(),
            first.startedAt(),
            first.finishedAt(),
            first.lookbackSeconds(),
            first.tables(),
            first.databaseClock(),
            first.repairs(),
            "1099511627776:1099511627776:");
    try (var out = store.create(bucket, ManifestStore.key(RunId.parse(first.runId())))) {
      out.write(new JsonCodec().write(foreign));
    }
    sql("delete from design where design_id = 90400");
    ExtractSummary second = job(store, 100_000).run();
    assertThat(second.snapshotNotComparable()).isTrue();
    assertThat(second.deletedPerTable()).containsEntry("design", 1L);
    assertThat(job(store, 100_000).run().snapshotNotComparable()).isFalse();
  }

  @Test
  void rowsOfAConcurrentTransactionAreWhollyInTheNextRun() throws Exception {
    ObjectStore hooked =
        onceTheSnapshotIsTaken(
            () -> {
              sql(
                  "begin; insert into sales_order (sales_order_id, created_at, last_updated,"
                      + " design_id, staff_id, counterparty_id, units_sold, unit_price,"
                      + " currency_id, agreed_delivery_date, agreed_payment_date,"
                      + " agreed_delivery_location_id) select 99001, now(), now(), design_id,"
                      + " staff_id, counterparty_id, 1, 1.00, currency_id, '2030-01-01',"
                      + " '2030-01-02', agreed_delivery_location_id from sales_order limit 1;"
                      + " insert into transaction (transaction_id, transaction_type,"
                      + " sales_order_id, purchase_order_id, created_at, last_updated) values"
                      + " (99001, 'SALE', 99001, null, now(), now()); insert into payment"
                      + " (payment_id, created_at, last_updated, transaction_id,"
                      + " counterparty_id, payment_amount, currency_id, payment_type_id, paid,"
                      + " payment_date, company_ac_number, counterparty_ac_number) select"
                      + " 99001, now(), now(), 99001, counterparty_id, 1.00, currency_id,"
                      + " payment_type_id, false, '2030-01-02', 1, 2 from payment limit 1;"
                      + " commit;");
            });
    job(hooked, 100_000).run();
    IngestManifest first = manifests().latest();
    assertThat(byId(IngestFiles.rows(store, bucket, first, "transaction"), "transaction_id"))
        .doesNotContainKey(99001L);
    assertThat(byId(IngestFiles.rows(store, bucket, first, "payment"), "payment_id"))
        .doesNotContainKey(99001L);
    job(store, 100_000).run();
    IngestManifest second = manifests().latest();
    assertThat(byId(IngestFiles.rows(store, bucket, second, "transaction"), "transaction_id"))
        .containsKey(99001L);
    assertThat(byId(IngestFiles.rows(store, bucket, second, "payment"), "payment_id"))
        .containsKey(99001L);
    assertThat(byId(IngestFiles.rows(store, bucket, second, "sales_order"), "sales_order_id"))
        .containsKey(99001L);
  }

  @Test
  void failedPutLeavesNoManifestAndNextRunDeliversEverything() throws Exception {
    AtomicInteger creates = new AtomicInteger();
    ObjectStore failing =
        new HookedStore(
            store,
            key -> {
              if (creates.incrementAndGet() == 4) {
                throw new com.totaltotes.pipeline.storage.StorageException(
                    "cannot write s3://" + bucket + "/" + key + ": HTTP 503", false, null);
              }
            });
    assertThatThrownBy(() -> job(failing, 100_000).run())
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("HTTP 503");
    assertThat(manifests().latest()).isNull();

    job(store, 100_000).run();
    IngestManifest manifest = manifests().latest();
    assertThat(manifest.run().seq()).isEqualTo(1);
    for (SourceTable t : SourceTable.values()) {
      assertThat(manifest.table(t.tableName()).rows())
          .isEqualTo(count("select count(*) from " + t.tableName()));
    }
  }

  /**
   * Issue 26: an {@code Error} inside one of the parallel table readers (an out-of-memory on a
   * large table, a missing native library) fails the run within a bound, as a transient failure
   * with the error named; the other readers stop at their next table, and the next run delivers
   * everything.
   */
  @Test
  void anErrorInsideAParallelTableReaderFailsTheRunWithinABound() throws Exception {
    ObjectStore failing =
        new HookedStore(
            store,
            key -> {
              if (key.startsWith("payment/")) {
                throw new OutOfMemoryError("injected while writing " + key);
              }
            });
    PipelineException failure =
        assertTimeoutPreemptively(
            Duration.ofSeconds(60),
            () -> catchThrowableOfType(PipelineException.class, () -> job(failing, 100_000).run()));
    assertThat(failure)
        .hasMessageContaining("extract run 00000001-")
        .hasMessageContaining("OutOfMemoryError: injected while writing payment/")
        .hasRootCauseInstanceOf(OutOfMemoryError.class);
    assertThat(failure.permanent()).as("a retry may succeed").isFalse();
    assertThat(manifests().latest()).isNull();

    job(store, 100_000).run();
    assertThat(manifests().latest().table("payment").rows())
        .isEqualTo(count("select count(*) from payment"));
  }

  @Test
  void droppedDatabaseConnectionFailsTheRunWithoutManifest() throws Exception {
    AtomicInteger creates = new AtomicInteger();
    ObjectStore killer =
        new HookedStore(
            store,
            key -> {
              if (creates.incrementAndGet() == 2) {
                try {
                  sql(
                      "select pg_terminate_backend(pid) from pg_stat_activity where datname = '"
                          + db
                          + "' and application_name = 'totes-pipeline'");
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }
            });
    assertThatThrownBy(() -> job(killer, 100_000).run())
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("extract run 00000001-");
    assertThat(manifests().latest()).isNull();
    job(store, 100_000).run();
    assertThat(manifests().latest().table("payment").rows())
        .isEqualTo(count("select count(*) from payment"));
  }

  @Test
  void secondConcurrentRunFailsInsteadOfDuplicatingTheSeq() {
    AtomicInteger creates = new AtomicInteger();
    ObjectStore racing =
        new HookedStore(
            store,
            key -> {
              if (creates.incrementAndGet() == 1) {
                job(store, 100_000).run(); // another extract completes run 1 meanwhile
              }
            });
    assertThatThrownBy(() -> job(racing, 100_000).run())
        .isInstanceOf(ManifestConflictException.class)
        .hasMessageContaining("seq 1");
    assertThat(manifests().runsAfter(null)).hasSize(1);
  }

  /**
   * Issue 26: two extracts at once whose clocks name their runs differently (here 5 s apart) could
   * both complete seq 1, each under its own key. The conditional claim of the seq alone lets one
   * through; the other ends with a conflict naming the winner, and nothing it wrote is read.
   */
  @Test
  void twoConcurrentExtractsWhoseClocksDifferCompleteOneRunOfTheSeq() {
    Instant t = Instant.parse("2026-12-07T10:00:00Z");
    AtomicInteger creates = new AtomicInteger();
    ObjectStore racing =
        new HookedStore(
            store,
            key -> {},
            key -> {
              if (creates.incrementAndGet() == 1) {
                // the other invocation, its clock 5 s ahead, runs from start to end meanwhile
                job(store, 100_000, Clock.fixed(t.plusSeconds(5), ZoneOffset.UTC)).run();
              }
            });
    assertThatThrownBy(() -> job(racing, 100_000, Clock.fixed(t, ZoneOffset.UTC)).run())
        .isInstanceOf(ManifestConflictException.class)
        .hasMessageContaining("claimed by run 00000001-20261207T100005Z");
    assertThat(manifests().runsAfter(null))
        .extracting(RunId::toString)
        .containsExactly("00000001-20261207T100005Z");
    job(store, 100_000).run();
    assertThat(manifests().runsAfter(null)).extracting(RunId::seq).containsExactly(1L, 2L);
  }

  /**
   * Issue 26: an extract that starts while another is between its claim and its manifest (or after
   * the other died there) writes the other's manifest from the claim and goes on with the next seq;
   * the other's own manifest write then finds its exact bytes and completes.
   */
  @Test
  void anExtractStartingBetweenAnothersClaimAndManifestCompletesItAndGoesOnAfterIt() {
    Instant t = Instant.parse("2026-12-07T11:00:00Z");
    AtomicInteger manifestWrites = new AtomicInteger();
    ObjectStore racing =
        new HookedStore(
            store,
            key -> {},
            key -> {
              if (key.startsWith(ManifestStore.PREFIX) && manifestWrites.incrementAndGet() == 1) {
                job(store, 100_000, Clock.fixed(t.plusSeconds(3), ZoneOffset.UTC)).run();
              }
            });
    ExtractSummary first = job(racing, 100_000, Clock.fixed(t, ZoneOffset.UTC)).run();
    assertThat(first.runId()).isEqualTo("00000001-20261207T110000Z");
    assertThat(manifests().runsAfter(null))
        .extracting(RunId::toString)
        .containsExactly("00000001-20261207T110000Z", "00000002-20261207T110003Z");
    assertThat(manifests().read(RunId.parse("00000002-20261207T110003Z")).table("payment").since())
        .as("the second run's windows start from the first run's manifest")
        .isNotNull();
  }

  @Test
  void infiniteLastUpdatedIsAClearPermanentError() throws Exception {
    sql("update currency set last_updated = 'infinity' where currency_id = 1");
    assertThatThrownBy(() -> job(store, 100_000).run())
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("table currency has a last_updated of 'infinity'")
        .matches(e -> ((PipelineException) e).permanent());
    assertThat(manifests().latest()).isNull();
  }

  @Test
  void infiniteCreatedAtIsPassedOnAsTextForTheTransformToReject() throws Exception {
    sql("update currency set created_at = 'infinity' where currency_id = 1");
    job(store, 100_000).run();
    Map<Long, JsonNode> currencies =
        byId(IngestFiles.rows(store, bucket, manifests().latest(), "currency"), "currency_id");
    assertThat(currencies.get(1L).get("created_at").asText()).isEqualTo("infinity");
  }

  @Test
  void aRowDatedInTheFutureIsExtractedAndReReadButNeverMovesTheWatermarkPastTheDatabaseClock()
      throws Exception {
    job(store, 100_000).run();
    sql(
        "update address set last_updated = (now() at time zone 'UTC') + interval '2 days' where"
            + " address_id = 1");

    ExtractSummary skewed = job(store, 100_000).run();
    IngestManifest second = manifests().latest();
    assertThat(skewed.futureRows()).isEqualTo(1);
    assertThat(second.table("address").futureRows()).isEqualTo(1);
    assertThat(second.table("address").watermark()).isBeforeOrEqualTo(second.databaseClock());
    assertThat(byId(IngestFiles.rows(store, bucket, second, "address"), "address_id"))
        .containsKey(1L);

    // an ordinary change stamped by a correct clock is not lost behind the future-dated row
    sql(
        "update address set city = 'Skewtown', last_updated = now() at time zone 'UTC' where"
            + " address_id = 2");
    ExtractSummary next = job(store, 100_000).run();
    Map<Long, JsonNode> third =
        byId(IngestFiles.rows(store, bucket, manifests().latest(), "address"), "address_id");
    assertThat(third.get(2L).get("city").asText()).isEqualTo("Skewtown");
    assertThat(third)
        .as("the future-dated row is read again until its time has come")
        .containsKey(1L);
    assertThat(next.futureRows()).isEqualTo(1);
  }

  @Test
  void
      aRenamedNeededColumnStopsTheRunBeforeAnythingIsWrittenAndTheNextRunAfterTheFixDeliversEverything()
          throws Exception {
    job(store, 100_000).run();
    List<String> before = store.list(bucket, "", null);
    sql("alter table address rename column phone to phone_number");
    sql(
        "update address set city = 'Renamedville', last_updated = now() at time zone 'UTC' where"
            + " address_id = 3");

    assertThatThrownBy(() -> job(store, 100_000).run())
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("address.phone is missing (dropped or renamed)")
        .satisfies(e -> assertThat(((PipelineException) e).permanent()).isTrue());
    assertThat(store.list(bucket, "", null)).as("nothing written").isEqualTo(before);

    sql("alter table address rename column phone_number to phone");
    job(store, 100_000).run();
    IngestManifest fixed = manifests().latest();
    assertThat(fixed.run().seq()).isEqualTo(2);
    assertThat(
            byId(IngestFiles.rows(store, bucket, fixed, "address"), "address_id")
                .get(3L)
                .get("city")
                .asText())
        .isEqualTo("Renamedville");
  }

  @Test
  void aRetypedNeededColumnStopsTheRunNamingTableAndColumn() throws Exception {
    sql("alter table sales_order alter column unit_price type double precision");
    assertThatThrownBy(() -> job(store, 100_000).run())
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining(
            "sales_order.unit_price is double precision where the pipeline needs numeric");
    assertThat(manifests().latest()).isNull();
    // within its family a type may change: integer -> bigint, varchar -> text
    sql("alter table sales_order alter column unit_price type numeric(12,2)");
    sql("alter table sales_order alter column units_sold type bigint");
    sql("alter table currency alter column currency_code type text");
    assertThat(job(store, 100_000).run().schemaDrift()).isZero();
  }

  @Test
  void anAddedColumnAnUnneededDroppedColumnAndANewTableAreDriftTheRunGoesOn() throws Exception {
    assertThat(job(store, 100_000).run().schemaDrift())
        .as("the generated schema is the contract")
        .isZero();
    sql("alter table address add column notes text");
    sql("alter table department drop column manager");
    sql("create table loyalty_card (card_id serial primary key)");
    sql(
        "update address set notes = 'ring twice', last_updated = now() at time zone 'UTC' where"
            + " address_id = 1");

    ExtractSummary summary = job(store, 100_000).run();

    assertThat(summary.schemaDrift()).isEqualTo(2);
    assertThat(summary.rowsPerTable()).doesNotContainKey("loyalty_card");
    JsonNode address =
        byId(IngestFiles.rows(store, bucket, manifests().latest(), "address"), "address_id")
            .get(1L);
    assertThat(address.get("notes").asText()).as("extracted, not used").isEqualTo("ring twice");
  }

  @Test
  void aRepairRunReadsTheSetAsideRunsWindowAgainAndCarriesItsFilesThatStillVerify()
      throws Exception {
    job(store, 100_000).run();
    sql(
        "update design set design_name = 'Second', last_updated = now() at time zone 'UTC' where"
            + " design_id = 1");
    sql(
        "update staff set first_name = 'Second', last_updated = now() at time zone 'UTC' where"
            + " staff_id = 1");
    job(store, 100_000).run();
    IngestManifest broken = manifests().latest();
    String corrupt = broken.table("design").files().get(0).key();
    try (ObjectOutput out = store.create(bucket, corrupt)) {
      out.write("garbage".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    job(store, 100_000).run(); // a later run, with nothing new

    ExtractSummary repair = job(store, 100_000).run(List.of(broken.run()));

    IngestManifest repaired = manifests().latest();
    assertThat(repair.repairs()).containsExactly(broken.runId());
    assertThat(repaired.repairs()).containsExactly(broken.runId());
    IngestManifest.Table staff = repaired.table("staff");
    assertThat(staff.carriedFiles()).as("run 2's staff file still verifies").isEqualTo(1);
    assertThat(staff.files().get(0)).isEqualTo(broken.table("staff").files().get(0));
    assertThat(staff.since()).isBeforeOrEqualTo(broken.table("staff").since());
    assertThat(repaired.table("design").carriedFiles())
        .as("the corrupt file is not carried")
        .isZero();
    assertThat(
            byId(IngestFiles.rows(store, bucket, repaired, "design"), "design_id")
                .get(1L)
                .get("design_name")
                .asText())
        .as("read again from the source")
        .isEqualTo("Second");
    assertThatThrownBy(
            () -> job(store, 100_000).run(List.of(new RunId(99, java.time.Instant.now()))))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("has no ingest manifest");
  }

  @Test
  void deletesInEveryKindOfTableAreFoundByTheNextRunAndAnIdInsertedAgainIsReported()
      throws Exception {
    sql(
        "insert into design (design_id, design_name, file_location, file_name, created_at,"
            + " last_updated) values (90100, 'Gone soon', '/x', 'x.json', now(), now())");
    sql(
        "insert into address (address_id, address_line_1, city, postal_code, country, phone,"
            + " created_at, last_updated) values (90100, '1 Gone Street', 'Nowhere', 'N0 0NE',"
            + " 'UK', '0', now(), now())");
    assertThat(job(store, 100_000).run().deletedRows())
        .as("the first run has nothing to compare with")
        .isZero();
    // a cancelled order: its payment, its transaction and the order itself
    sql(
        "delete from payment where transaction_id = (select transaction_id from transaction"
            + " where sales_order_id = (select min(sales_order_id) from sales_order))");
    sql(
        "delete from transaction where sales_order_id = (select min(sales_order_id) from"
            + " sales_order)");
    sql(
        "delete from sales_order where sales_order_id = (select min(sales_order_id) from"
            + " sales_order)");
    sql("delete from design where design_id = 90100");
    sql("delete from address where address_id = 90100");

    ExtractSummary summary = job(store, 100_000).run();

    assertThat(summary.deletedPerTable())
        .containsEntry("sales_order", 1L)
        .containsEntry("transaction", 1L)
        .containsEntry("design", 1L)
        .containsEntry("address", 1L)
        .containsEntry("staff", 0L);
    assertThat(summary.deletedPerTable().get("payment")).isBetween(0L, 1L);
    IngestManifest manifest = manifests().latest();
    assertThat(deletions(manifest, "design")).containsExactly("90100 deleted");
    assertThat(manifest.table("design").ids().rows())
        .isEqualTo(count("select count(*) from design"));

    sql(
        "insert into design (design_id, design_name, file_location, file_name, created_at,"
            + " last_updated) values (90100, 'Back again', '/x', 'x.json', now(), now())");
    ExtractSummary back = job(store, 100_000).run();
    assertThat(back.deletedRows()).isZero();
    assertThat(deletions(manifests().latest(), "design")).containsExactly("90100 appeared");
    assertThat(job(store, 100_000).run().deletedRows()).as("nothing new").isZero();
    assertThat(manifests().latest().table("design").deletions()).isEmpty();
  }

  /**
   * The key set read from the rows written since the previous snapshot alone: the same ids and
   * changed ids as reading every id, and null (read every id) once a row was deleted, whatever
   * keeps the count.
   */
  @Test
  void aKeySetReadFromTheRowsWrittenSinceEqualsReadingEveryIdOrSaysToReadThem() throws Exception {
    try (Connection c = pg.connect(db)) { // autocommit: each statement sees the database as it is
      SourceSnapshot since = SourceSnapshot.of(c);
      RoaringBitmap before = SourceKeys.read(c, SourceTable.PAYMENT, null).ids();
      SourceKeys.Read same = SourceKeys.readSince(c, SourceTable.PAYMENT, since, before, null);
      assertThat(same.ids()).isEqualTo(before);
      assertThat(same.changed().isEmpty()).isTrue();
      // a rewrite with the same values and a new payment
      sql(
          "update payment set paid = paid where payment_id = (select min(payment_id) from"
              + " payment)");
      sql(
          "with gone as (delete from payment where payment_id = (select max(payment_id) from"
              + " payment) returning *) insert into payment (payment_id, created_at,"
              + " last_updated, transaction_id, counterparty_id, payment_amount, currency_id,"
              + " payment_type_id, paid, payment_date, company_ac_number, counterparty_ac_number)"
              + " select 99501, created_at, last_updated, transaction_id, counterparty_id,"
              + " payment_amount, currency_id, payment_type_id, paid, payment_date,"
              + " company_ac_number, counterparty_ac_number from gone");
      assertThat(SourceKeys.readSince(c, SourceTable.PAYMENT, since, before, null))
          .as("a payment deleted and another inserted: the same count")
          .isNull();
      String design =
          "insert into design (design_id, design_name, file_location, file_name, created_at,"
              + " last_updated) values (%d, 'New', '/x', 'x.json', now(), now())";
      sql(design.formatted(90300));
      SourceSnapshot later = SourceSnapshot.of(c);
      RoaringBitmap designs = SourceKeys.read(c, SourceTable.DESIGN, null).ids();
      sql("update design set design_name = design_name where design_id = 1");
      sql(design.formatted(90301));
      SourceKeys.Read written = SourceKeys.readSince(c, SourceTable.DESIGN, later, designs, null);
      SourceKeys.Read every = SourceKeys.read(c, SourceTable.DESIGN, later);
      assertThat(written.ids()).isEqualTo(every.ids()).contains(90300, 90301);
      assertThat(written.changed()).isEqualTo(every.changed());
      assertThat(written.changed().toArray()).containsExactly(1, 90301);
      ExtractTable.Survey survey =
          ExtractTable.survey(
              c, SourceTable.DESIGN, new ReadWindow(null, null, null, List.of()), later);
      assertThat(survey.rows()).isEqualTo(every.ids().getLongCardinality());
      assertThat(survey.written().ids().toArray()).containsExactly(1, 90301);
      SourceKeys.Read surveyed = SourceKeys.since(designs, survey.written(), survey.rows());
      assertThat(surveyed.ids()).as("from the first scan's ids").isEqualTo(every.ids());
      assertThat(surveyed.changed()).isEqualTo(every.changed());
      assertThat(
              ExtractTable.survey(
                      c, SourceTable.DESIGN, new ReadWindow(null, null, null, List.of()), later, 1)
                  .written())
          .as("more versions written since than the survey collects: the key set reads them")
          .isNull();
      long rows = every.ids().getLongCardinality();
      assertThat(SourceKeys.readSince(c, SourceTable.DESIGN, later, designs, rows).ids())
          .as("the table's rows as the plan counted them")
          .isEqualTo(every.ids());
      assertThat(SourceKeys.readSince(c, SourceTable.DESIGN, later, designs, rows + 1)).isNull();
      sql("delete from design where design_id = 90300");
      assertThat(SourceKeys.readSince(c, SourceTable.DESIGN, later, designs, null))
          .as("a design of that snapshot deleted")
          .isNull();
    }
  }

  /**
   * After a run that read every table to its end, the next run's plan confines each window to the
   * ids of the versions written since that run's snapshot, which the run's first scan of the table
   * collected, and the server looks them up by primary key. (The other tests' later runs read
   * through such windows, so they check that it reads what the whole window would.)
   */
  @Test
  void theNextRunsPlanConfinesEachWindowToTheIdsWrittenSinceAndTheServerLooksThemUpByKey()
      throws Exception {
    job(store, 100_000).run();
    IngestManifest previous = manifests().latest();
    sql(
        "insert into design (design_id, design_name, file_location, file_name, created_at,"
            + " last_updated) values (90400, 'New', '/x', 'x.json', now(), now())");
    sql("update design set design_name = 'Renamed' where design_id = 1");
    try (SnapshotReaders readers = new SnapshotReaders(source, 2)) {
      TableReads reads = readsAfter(previous, readers);
      Map<SourceTable, TableOutcomes.Plan> plans =
          reads.plan(windowsAfter(previous), Deadline.NONE);
      ReadWindow design = plans.get(SourceTable.DESIGN).window();
      assertThat(design.within().toArray()).containsExactly(1, 90400);
      assertThat(plans.get(SourceTable.PAYMENT).window().within().isEmpty()).isTrue();
      assertThat(plans.get(SourceTable.PAYMENT).window().predicate(SourceTable.PAYMENT))
          .isEqualTo("false");
      assertThat(reads.surveys().get(SourceTable.DESIGN).rows())
          .isEqualTo(count("select count(*) from design"));
      try (Statement s = readers.get(0).createStatement()) {
        // on a table this small a scan is cheaper; what matters is that the key can serve it
        s.execute("set local enable_seqscan = off");
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs =
            s.executeQuery(
                "explain select * from design where " + design.predicate(SourceTable.DESIGN))) {
          while (rs.next()) {
            plan.append(rs.getString(1)).append('\n');
          }
        }
        assertThat(plan.toString())
            .contains("Index Cond: (design_id = ANY ('{1,90400}'::bigint[]))")
            .doesNotContain("Seq Scan");
      }
    }
  }

  /** The next run's windows after {@code previous}, at the clock now. */
  private static Map<SourceTable, ReadWindow> windowsAfter(IngestManifest previous) {
    TableWindows rules = new TableWindows(Duration.ofMinutes(10));
    SourceSnapshot since = SourceSnapshot.parse(previous.sourceSnapshot());
    LocalDateTime clock = LocalDateTime.now(ZoneOffset.UTC);
    Map<SourceTable, ReadWindow> windows = new java.util.EnumMap<>(SourceTable.class);
    for (SourceTable t : SourceTable.values()) {
      windows.put(t, rules.window(t, previous, since, clock, null));
    }
    return windows;
  }

  /** The next run's reads after {@code previous}, on {@code readers}. */
  private TableReads readsAfter(IngestManifest previous, SnapshotReaders readers) {
    ExtractConfig config =
        new ExtractConfig(bucket, Duration.ofMinutes(10), 100_000, 2, ZoneOffset.UTC);
    return new TableReads(
        readers,
        RunId.next(RunId.parse(previous.runId()), Instant.now()),
        "probe",
        source.describe(),
        config,
        new ExtractTable(store, new JsonCodec().mapper(), config, RowProgress.NONE),
        SourceSnapshot.parse(previous.sourceSnapshot()));
  }

  /**
   * A deadline's cut can end a read right after its last row dated up to the clock: the run then
   * leaves no row counted (the count is of those rows only) and has seen no future-dated row, yet
   * one, written before its snapshot, lies after its position unread. The rule alone would confine
   * the next window to the versions written since and miss it for good; the survey counts the rows
   * after the position that were not written since, and the window is read by its own conditions.
   */
  @Test
  void aRowAfterThePositionWrittenBeforeThePreviousSnapshotKeepsTheNextWindowUnconfined()
      throws Exception {
    sql(
        "insert into design (design_id, design_name, file_location, file_name, created_at,"
            + " last_updated) values (90500, 'Ahead', '/x', 'x.json', now(), now() + interval '1"
            + " day')");
    job(store, 100_000).run();
    IngestManifest read = manifests().latest();
    // that run as a cut just before the future-dated row would have left it: nothing counted as
    // left, no future-dated row seen
    List<IngestManifest.Table> tables = new java.util.ArrayList<>();
    for (IngestManifest.Table t : read.tables()) {
      IngestManifest.Read r = t.read();
      tables.add(
          t.table().equals("design")
              ? new IngestManifest.Table(
                  t.table(),
                  t.since(),
                  new IngestManifest.Read(r.rows() - 1, r.files(), r.carriedFiles(), 0, 0),
                  t.checkpoint(),
                  t.deleted())
              : t);
    }
    IngestManifest cut =
        new IngestManifest(
            read.runId(),
            read.startedAt(),
            read.finishedAt(),
            read.lookbackSeconds(),
            tables,
            read.databaseClock(),
            read.repairs(),
            read.sourceSnapshot());
    Map<SourceTable, ReadWindow> windows = windowsAfter(cut);
    assertThat(windows.get(SourceTable.DESIGN).writtenSinceHorizon())
        .as("the rule alone would confine it")
        .isTrue();
    try (SnapshotReaders readers = new SnapshotReaders(source, 2)) {
      TableReads reads = readsAfter(cut, readers);
      Map<SourceTable, TableOutcomes.Plan> plans = reads.plan(windows, Deadline.NONE);
      assertThat(reads.surveys().get(SourceTable.DESIGN).unwrittenNewRows()).isEqualTo(1);
      ReadWindow design = plans.get(SourceTable.DESIGN).window();
      assertThat(design.within()).isNull();
      assertThat(
              count(
                  "select count(*) from design where design_id = 90500 and "
                      + design.predicate(SourceTable.DESIGN)))
          .as("the future-dated row is read")
          .isEqualTo(1);
      assertThat(plans.get(SourceTable.PAYMENT).window().within())
          .as("the other tables are still confined")
          .isNotNull();
    }
  }

  @Test
  void aKeySetTakenFromTheRowsWrittenSinceStillFindsTheNextDelete() throws Exception {
    sql(
        "insert into design (design_id, design_name, file_location, file_name, created_at,"
            + " last_updated) values (90200, 'Gone soon', '/x', 'x.json', now(), now())");
    job(store, 100_000).run();
    job(store, 100_000).run(); // nothing changed: each key set is the previous one's ids
    assertThat(manifests().latest().table("design").ids().rows())
        .isEqualTo(count("select count(*) from design"));
    sql("delete from design where design_id = 90200");
    ExtractSummary summary = job(store, 100_000).run();
    assertThat(summary.deletedPerTable()).containsEntry("design", 1L);
    assertThat(deletions(manifests().latest(), "design")).containsExactly("90200 deleted");
  }

  @Test
  void aRowDeletedWhileARunReadsIsFoundByTheNextRun() throws Exception {
    job(store, 100_000).run();
    ObjectStore hooked =
        onceTheSnapshotIsTaken(
            () -> {
              sql(
                  "delete from payment where payment_id = (select max(payment_id) from"
                      + " payment)");
            });
    assertThat(job(hooked, 100_000).run().deletedPerTable()).containsEntry("payment", 0L);
    assertThat(job(store, 100_000).run().deletedPerTable()).containsEntry("payment", 1L);
  }

  /** An action on the source that may throw. */
  @FunctionalInterface
  private interface SourceAction {
    void run() throws Exception;
  }

  /**
   * The bucket, running {@code action} before the run writes its first data object, when its
   * snapshot is already taken.
   */
  private ObjectStore onceTheSnapshotIsTaken(SourceAction action) {
    AtomicInteger creates = new AtomicInteger();
    return new HookedStore(
        store,
        key -> {
          if (creates.incrementAndGet() == 1) {
            try {
              action.run();
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
        });
  }

  private List<String> deletions(IngestManifest manifest, String table) {
    List<String> events = new java.util.ArrayList<>();
    for (var file : manifest.table(table).deletions()) {
      IngestFiles.rows(
              store,
              bucket,
              new IngestManifest(
                  manifest.runId(),
                  manifest.startedAt(),
                  manifest.finishedAt(),
                  0,
                  List.of(new IngestManifest.Table(table, null, null, file.rows(), List.of(file)))),
              table)
          .forEach(r -> events.add(r.get("id").asLong() + " " + r.get("event").asText()));
    }
    return events;
  }

  @Test
  void missingSourceTableIsAClearError() throws Exception {
    sql("drop table payment");
    assertThatThrownBy(() -> job(store, 100_000).run())
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("table payment is missing")
        .satisfies(e -> assertThat(((PipelineException) e).permanent()).isTrue());
  }

  private void assertSameAsSource(SourceTable t, List<JsonNode> rows) throws Exception {
    Map<Long, JsonNode> byId = byId(rows, t.idColumn());
    try (Connection c = pg.connect(db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select * from " + t.tableName())) {
      ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        JsonNode row = byId.get(rs.getLong(t.idColumn()));
        assertThat(row).as(t.tableName() + " " + rs.getLong(t.idColumn())).isNotNull();
        assertThat(row.size()).isEqualTo(meta.getColumnCount());
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          String col = meta.getColumnName(i);
          Object expected = rs.getObject(i);
          JsonNode actual = row.get(col);
          String where = t.tableName() + "." + col;
          if (expected == null) {
            assertThat(actual.isNull()).as(where).isTrue();
          } else if (expected instanceof BigDecimal d) {
            assertThat(actual.decimalValue())
                .as(where)
                .isEqualTo(d); // scale included: 0.10 stays 0.10
          } else if (expected instanceof Number n) {
            assertThat(actual.longValue()).as(where).isEqualTo(n.longValue());
          } else if (expected instanceof Boolean b) {
            assertThat(actual.booleanValue()).as(where).isEqualTo(b);
          } else if (expected instanceof java.sql.Timestamp) {
            assertThat(actual.asText())
                .as(where)
                .isEqualTo(Timestamps.TIMESTAMP.format(rs.getObject(i, LocalDateTime.class)));
          } else {
            assertThat(actual.asText()).as(where).isEqualTo(rs.getString(i));
          }
        }
      }
    }
  }

  private LocalDateTime maxLastUpdated(String table) throws Exception {
    try (Connection c = pg.connect(db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select max(last_updated) from " + table)) {
      rs.next();
      return rs.getObject(1, LocalDateTime.class);
    }
  }

  private static Map<Long, JsonNode> byId(List<JsonNode> rows, String idColumn) {
    Map<Long, JsonNode> map = new HashMap<>();
    rows.forEach(r -> map.put(r.get(idColumn).longValue(), r));
    return map;
  }

  private static Set<String> versions(SourceTable t, List<JsonNode> rows) {
    Set<String> set = new HashSet<>();
    rows.forEach(
        r ->
            set.add(
                r.get(t.idColumn()).longValue()
                    + "@"
                    + LocalDateTime.parse(r.get("last_updated").asText())));
    return set;
  }

  /** The real store, with a hook run before each object is created (to inject races and faults). */
  private record HookedStore(
      ObjectStore delegate, Consumer<String> beforeCreate, Consumer<String> beforeCreateIfAbsent)
      implements ObjectStore {
    HookedStore(ObjectStore delegate, Consumer<String> beforeCreate) {
      this(delegate, beforeCreate, key -> {});
    }

    @Override
    public ObjectOutput create(String bucket, String key) {
      if (!key.startsWith(ManifestStore.PREFIX)) {
        beforeCreate.accept(key);
      }
      return delegate.create(bucket, key);
    }

    @Override
    public InputStream open(String bucket, String key) {
      return delegate.open(bucket, key);
    }

    @Override
    public List<String> list(String bucket, String prefix, String startAfter) {
      return delegate.list(bucket, prefix, startAfter);
    }

    @Override
    public boolean exists(String bucket, String key) {
      return delegate.exists(bucket, key);
    }

    @Override
    public boolean createIfAbsent(String bucket, String key, byte[] bytes) {
      beforeCreateIfAbsent.accept(key);
      return delegate.createIfAbsent(bucket, key, bytes);
    }
  }
}
