package com.totaltotes.pipeline.extract;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.databind.JsonNode;
import com.totaltotes.pipeline.credentials.ConnectionSource;
import com.totaltotes.pipeline.credentials.DatabaseLogin;
import com.totaltotes.pipeline.embedded.EmbeddedPostgresServer;
import com.totaltotes.pipeline.embedded.EmbeddedS3Server;
import com.totaltotes.pipeline.extract.lambda.ExtractHandler;
import com.totaltotes.pipeline.generator.TotesysGenerator;
import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.manifest.ManifestStore;
import com.totaltotes.pipeline.run.Deadline;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.source.SourceTable;
import com.totaltotes.pipeline.storage.ObjectStore;
import com.totaltotes.pipeline.storage.S3Clients;
import com.totaltotes.pipeline.storage.S3ObjectStore;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Bounded extract runs (issue 16) against a real PostgreSQL and S3 server: a row cap and a deadline
 * each split the backlog over several complete runs, which together hold exactly the rows of one
 * uncapped run, none twice, even where thousands of rows share one last_updated across the cap.
 */
class BoundedExtractIntegrationTest {
  /** Every row of a table gets one of two last_updated values: two tie groups of ~1,000 rows. */
  private static final LocalDateTime TIE = LocalDateTime.parse("2024-03-01T10:00:00");

  private static EmbeddedPostgresServer pg;
  private static EmbeddedS3Server s3server;
  private static S3Client s3;
  private static ObjectStore store;
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
  void seedWithTies() throws Exception {
    String db = pg.createDatabase("src_" + UUID.randomUUID().toString().substring(0, 8));
    try (Connection c = pg.connect(db);
        Statement s = c.createStatement()) {
      new TotesysGenerator().seed(c, 1_500, 11);
      // half the rows of each table on one value, half on one a millisecond later: the cap falls
      // inside a tie group
      for (SourceTable t : SourceTable.values()) {
        s.execute(
            "update "
                + t.tableName()
                + " set last_updated = timestamp '"
                + TIE
                + "' + ("
                + t.idColumn()
                + " % 2) * interval '1 millisecond'");
      }
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

  private String bucket() {
    String bucket = "ingest-" + UUID.randomUUID().toString().substring(0, 8);
    s3server.createBucket(bucket);
    return bucket;
  }

  private ExtractJob job(String bucket, long maxRows) {
    return new ExtractJob(
        source,
        store,
        new JsonCodec(),
        Clock.systemUTC(),
        new ExtractConfig(
            bucket,
            Duration.ofMinutes(10),
            250,
            2,
            ZoneOffset.UTC,
            maxRows,
            Duration.ofSeconds(90))); // the function's default stop margin
  }

  @Test
  void aRowCapSplitsTheBacklogAtExactPositionsInsideTiesWithNoRowMissedOrTwice() {
    Map<SourceTable, List<String>> uncapped = uncappedRows();
    String capped = bucket();
    List<ExtractSummary> runs = new ArrayList<>();
    do {
      runs.add(job(capped, 700).run());
    } while (runs.get(runs.size() - 1).backlogRows() > 0 && runs.size() < 40);

    assertThat(runs.get(runs.size() - 1).backlogRows()).as("backlog after the last run").isZero();
    assertThat(runs.size()).as("bounded runs").isGreaterThan(8);
    // the first run knew the whole backlog; each run's report went down by what it read
    long total = uncapped.values().stream().mapToLong(List::size).sum();
    assertThat(runs.get(0).backlogRows() + runs.get(0).rows()).isEqualTo(total);
    List<IngestManifest> manifests = manifests(capped);
    assertThat(manifests).hasSize(runs.size());
    assertThat(
            manifests.stream()
                .flatMap(m -> m.tables().stream())
                .filter(t -> t.readTo() != null && t.backlogRows() > 0 && t.rows() > 0)
                .map(t -> t.readTo().lastUpdated()))
        .as("positions inside a tie group")
        .contains(TIE, TIE.plusNanos(1_000_000));
    assertEveryRowOnceAndReferencesFirst(capped, uncapped, 700);
  }

  @Test
  void aDeadlineFromTheLambdaContextStopsARunThatTheNextOneContinues() {
    Map<SourceTable, List<String>> uncapped = uncappedRows();
    String bounded = bucket();
    ExtractJob job = job(bounded, 0);
    List<ExtractSummary> runs = new ArrayList<>();
    do {
      // each call to getRemainingTimeInMillis costs 5 s: with a 90 s stop margin, a run stops
      // after 16 checks (one for the deadline itself, one per table started, one per 1,000 rows
      // read after the position); the whole backlog needs more
      Context context = new RunningOutContext(170_000, 5_000);
      runs.add(job.run(List.of(), ExtractHandler.deadline(context)));
    } while (runs.get(runs.size() - 1).backlogRows() > 0 && runs.size() < 40);

    assertThat(runs.get(0).backlogRows()).as("the first run stopped with rows left").isPositive();
    assertThat(runs.get(runs.size() - 1).backlogRows()).isZero();
    assertThat(manifests(bounded)).hasSize(runs.size());
    assertEveryRowOnceAndReferencesFirst(bounded, uncapped, Long.MAX_VALUE);
  }

  /**
   * Issue 27: a bounded run continues only when it made progress. A capped run moves its positions
   * (CONTINUE until the backlog is done, then DONE); a run started within the stop margin of its
   * deadline reads nothing and moves nothing (STALLED: the handler requests no next run and says so
   * with a metric, the local runner stops its loop).
   */
  @Test
  void aBoundedRunContinuesOnlyWhenItMovedAPosition() {
    String bucket = bucket();
    ExtractSummary stalled =
        job(bucket, 0).run(List.of(), ExtractHandler.deadline(new RunningOutContext(30_000, 0)));
    assertThat(stalled.backlogRows()).isPositive();
    assertThat(stalled.positionsMoved()).isFalse();
    assertThat(stalled.next()).isEqualTo(ExtractSummary.Next.STALLED);

    ExtractSummary capped = job(bucket, 700).run();
    assertThat(capped.backlogRows()).isPositive();
    assertThat(capped.next()).isEqualTo(ExtractSummary.Next.CONTINUE);
    ExtractSummary rest = job(bucket, 0).run();
    assertThat(rest.next()).isEqualTo(ExtractSummary.Next.DONE);
  }

  @Test
  void withoutACapOrDeadlineOneRunReadsEverythingAsBefore() {
    String bucket = bucket();
    ExtractSummary summary = job(bucket, 0).run(List.of(), Deadline.NONE);
    assertThat(summary.backlogRows()).isZero();
    IngestManifest manifest = manifests(bucket).get(0);
    assertThat(manifest.tables()).allMatch(IngestManifest.Table::complete);
    assertThat(manifest.totalRows()).isEqualTo(summary.rows());
  }

  @Test
  void aRowInsertedBehindTheWindowDuringACatchUpIsReadByTheRunThatCompletesItsTable()
      throws Exception {
    String bucket = bucket();
    job(bucket, 0).run(); // one run of everything: the key sets start here
    try (Connection c = source.open();
        Statement s = c.createStatement()) {
      // a backlog of new designs for several capped runs, and one design inserted by a writer a
      // day behind every watermark: no window ever reads it
      s.execute(
          "insert into design (design_name, file_location, file_name, created_at, last_updated)"
              + " select 'New ' || g, '/new', 'new' || g || '.json', now(), now()"
              + " from generate_series(1, 300) g");
      s.execute(
          "insert into design (design_name, file_location, file_name, created_at, last_updated)"
              + " values ('Behind', '/late', 'behind.json', timestamp '"
              + TIE.minusDays(1)
              + "', timestamp '"
              + TIE.minusDays(1)
              + "')");
    }
    List<ExtractSummary> runs = new ArrayList<>();
    do {
      runs.add(job(bucket, 100).run());
    } while (runs.get(runs.size() - 1).backlogRows() > 0 && runs.size() < 10);
    assertThat(runs).as("capped runs").hasSizeGreaterThan(2);

    List<IngestManifest> capped = manifests(bucket).subList(1, runs.size() + 1);
    List<Long> late = new ArrayList<>();
    long behind = 0;
    for (IngestManifest m : capped) {
      late.add(m.table("design").lateRows());
      behind +=
          IngestFiles.rows(store, bucket, m, "design").stream()
              .filter(row -> row.get("design_name").asText().equals("Behind"))
              .count();
    }
    assertThat(behind).as("the row behind the window, read once").isEqualTo(1);
    assertThat(late).as("read by the run that completed design").endsWith(1L);
    assertThat(late.subList(0, late.size() - 1)).containsOnly(0L);
  }

  /**
   * The planners' unit tests run the window rules in Java ({@link ReadWindow#isNew}, {@link
   * ReadWindow#isPresent}, {@link ReadWindow#reads}); PostgreSQL must select exactly the same rows
   * with the SQL the reader sends, for every shape of window and rows at and around each of its
   * edges (a millisecond either side, ties on the position's timestamp).
   */
  @Test
  void postgresSelectsWithTheWindowsSqlExactlyTheRowsItsJavaRulesSay() throws Exception {
    LocalDateTime t = LocalDateTime.parse("2026-12-07T11:58:00");
    LocalDateTime clock = t.plusMinutes(2);
    IngestManifest.Position at = new IngestManifest.Position(t, 42);
    IngestManifest.Position cap = new IngestManifest.Position(t.plusSeconds(30), 500);
    LocalDateTime reread = t.minusMinutes(10);
    List<ReadWindow> shapes =
        List.of(
            new ReadWindow(null, null, clock, List.of()),
            new ReadWindow(t.minusHours(1), t, clock, List.of()),
            new ReadWindow(reread, at, null, reread, null, t, clock, List.of(), false, null),
            new ReadWindow(t, at, null, null, null, t, clock, List.of(), false, null),
            new ReadWindow(reread, at, cap, reread, null, t, clock, List.of(), false, null),
            new ReadWindow(t, at, cap, null, null, t, clock, List.of(), false, null),
            new ReadWindow(
                null,
                new IngestManifest.Position(t, Long.MAX_VALUE),
                null,
                reread,
                null,
                t,
                clock,
                List.of(),
                false,
                null));
    List<LocalDateTime> anchors = new ArrayList<>();
    for (LocalDateTime edge : List.of(t, t.minusHours(1), reread, cap.lastUpdated(), clock)) {
      anchors.addAll(List.of(edge.minusNanos(1_000_000), edge, edge.plusNanos(1_000_000)));
    }
    anchors.add(clock.plusYears(5));
    try (Connection c = source.open();
        Statement s = c.createStatement()) {
      s.execute("create temp table payment_probe (payment_id bigint, last_updated timestamp)");
      // one transaction per row (autocommit), so that the rows' xmin differ
      for (LocalDateTime a : anchors) {
        for (long id : new long[] {1, 41, 42, 43, 499, 500, 501}) {
          s.execute("insert into payment_probe values (" + id + ", timestamp '" + a + "')");
        }
      }
      Map<String, Integer> xmins = new java.util.TreeMap<>();
      try (java.sql.ResultSet rs =
          s.executeQuery(
              "select last_updated, payment_id, xmin::text::bigint from payment_probe")) {
        while (rs.next()) {
          xmins.put(
              rs.getObject(1, LocalDateTime.class) + "/" + rs.getLong(2), (int) rs.getLong(3));
        }
      }
      long middle = Integer.toUnsignedLong(xmins.values().stream().sorted().toList().get(56));
      List<ReadWindow> all = new ArrayList<>(shapes);
      // the re-read narrowed to rows written since a horizon: half the rows', the first row's,
      // and one after the last row's; and each confined to a few ids, or none
      long last = Integer.toUnsignedLong(xmins.values().stream().max(Integer::compare).get());
      for (long horizon : new long[] {middle, middle - 56, last + 1}) {
        for (IngestManifest.Position upTo : java.util.Arrays.asList(null, cap)) {
          ReadWindow w =
              new ReadWindow(reread, at, upTo, reread, horizon, t, clock, List.of(), true, null);
          all.add(w);
          all.add(w.within(org.roaringbitmap.RoaringBitmap.bitmapOf(1, 42, 43, 500)));
          all.add(w.within(new org.roaringbitmap.RoaringBitmap()));
        }
      }
      for (ReadWindow w : all) {
        for (String kind : List.of("new", "present", "reads")) {
          String where =
              switch (kind) {
                case "new" -> w.newRows(SourceTable.PAYMENT);
                case "present" -> w.presentRows(SourceTable.PAYMENT);
                default -> w.predicate(SourceTable.PAYMENT);
              };
          java.util.Set<String> selected = new java.util.TreeSet<>();
          try (java.sql.ResultSet rs =
              s.executeQuery(
                  "select last_updated, payment_id from payment_probe"
                      + (where.isEmpty() ? "" : " where " + where))) {
            while (rs.next()) {
              selected.add(rs.getObject(1, LocalDateTime.class) + "/" + rs.getLong(2));
            }
          }
          java.util.Set<String> java = new java.util.TreeSet<>();
          for (LocalDateTime a : anchors) {
            for (long id : new long[] {1, 41, 42, 43, 499, 500, 501}) {
              int xmin = xmins.get(a + "/" + id);
              boolean in =
                  switch (kind) {
                    case "new" -> w.isNew(a, id);
                    case "present" -> w.isPresent(a, id);
                    default -> w.reads(a, id, xmin);
                  };
              if (in) {
                java.add(a + "/" + id);
              }
            }
          }
          assertThat(selected).as("%s rows of %s", kind, w).isEqualTo(java);
        }
      }
      // the horizon does narrow the re-read: rows behind the position written before it are not
      // read again, those written since are
      long behind = rowsRead(shapes.get(2), xmins);
      long narrowed = rowsRead(all.get(shapes.size()), xmins);
      assertThat(narrowed).isPositive().isLessThan(behind);
    }
  }

  /** How many of the probe rows ({@code <last_updated>/<id>} to xmin) {@code w} reads. */
  private static long rowsRead(ReadWindow w, Map<String, Integer> xmins) {
    return xmins.entrySet().stream()
        .filter(
            e -> {
              String[] row = e.getKey().split("/");
              return w.reads(LocalDateTime.parse(row[0]), Long.parseLong(row[1]), e.getValue());
            })
        .count();
  }

  /**
   * Issue 27: every payment updated in one statement (one tie group of thousands of rows on one
   * last_updated) and a cap of 300: each run used to read again, inside the lookback, every row of
   * the tie group up to its position, so the catch-up read the payments quadratically often. A
   * continuing run now reads from its position alone: the payments are read about once.
   */
  @Test
  void aTieGroupReadUnderACapIsReadAboutOnceNotQuadratically() throws Exception {
    String bucket = bucket();
    job(bucket, 0).run();
    sql("update payment set paid = not paid, last_updated = localtimestamp(3)");
    long payments;
    try (Connection c = source.open();
        Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery("select count(*) from payment")) {
      rs.next();
      payments = rs.getLong(1);
    }
    List<ExtractSummary> runs = new ArrayList<>();
    do {
      runs.add(job(bucket, 300).run());
    } while (runs.get(runs.size() - 1).backlogRows() > 0 && runs.size() < 40);

    assertThat(runs.get(runs.size() - 1).backlogRows()).isZero();
    assertThat((long) runs.size()).as("bounded runs").isGreaterThanOrEqualTo(payments / 300);
    long read = runs.stream().mapToLong(r -> r.rowsPerTable().get("payment")).sum();
    assertThat(read)
        .as("payment rows read by the catch-up of %d updated payments", payments)
        .isBetween(payments, payments * 12 / 10);
  }

  /**
   * Issue 27: 80 sales orders stamped five years ahead and a cap of 50 used to loop for good: the
   * cap fell inside the future-dated rows, each run re-read them, reported rows left and asked for
   * the next, and the transactions that reference sales_order were never read again. The cap now
   * counts and cuts only rows dated up to the database clock: one run reads the future-dated rows
   * (as every run does until their time comes) and the changed transactions, and leaves nothing.
   */
  @Test
  void futureDatedRowsBeyondTheCapNeitherLoopNorBlockTheTablesThatReferenceThem() throws Exception {
    String bucket = bucket();
    job(bucket, 0).run();
    sql(
        "update sales_order set last_updated = localtimestamp(3) + interval '5 years'"
            + " where sales_order_id <= 80");
    sql("update transaction set last_updated = localtimestamp(3) where transaction_id <= 30");
    List<ExtractSummary> runs = new ArrayList<>();
    do {
      runs.add(job(bucket, 50).run());
    } while (runs.get(runs.size() - 1).backlogRows() > 0 && runs.size() < 10);

    assertThat(runs).as("bounded runs until nothing is left").hasSize(1);
    assertThat(runs.get(0).backlogRows()).isZero();
    assertThat(runs.get(0).futureRows()).isEqualTo(80);
    IngestManifest m = manifests(bucket).get(1);
    assertThat(
            IngestFiles.rows(store, bucket, m, "transaction").stream()
                .map(r -> r.get("transaction_id").longValue()))
        .as("the transactions changed meanwhile are read")
        .containsAll(java.util.stream.LongStream.rangeClosed(1, 30).boxed().toList());
  }

  private void sql(String statement) throws Exception {
    try (Connection c = source.open();
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  // ---------------------------------------------------------------- helpers

  /** The rows of one uncapped run, per table. */
  private Map<SourceTable, List<String>> uncappedRows() {
    String bucket = bucket();
    ExtractSummary summary = job(bucket, 0).run();
    assertThat(summary.backlogRows()).isZero();
    Map<SourceTable, List<String>> rows = new EnumMap<>(SourceTable.class);
    IngestManifest m = manifests(bucket).get(0);
    for (SourceTable t : SourceTable.values()) {
      rows.put(
          t,
          IngestFiles.rows(store, bucket, m, t.tableName()).stream().map(String::valueOf).toList());
    }
    return rows;
  }

  private List<IngestManifest> manifests(String bucket) {
    ManifestStore<IngestManifest> manifests =
        new ManifestStore<>(store, new JsonCodec(), bucket, IngestManifest.class);
    List<IngestManifest> all = new ArrayList<>();
    for (RunId run : manifests.listing(null).runs()) {
      all.add(manifests.read(run));
    }
    return all;
  }

  /**
   * Every row of the uncapped run is in the bounded runs; a row is in more than one run only when
   * the lookback re-read it (the same version: the warehouse keeps it once); no run reads more than
   * {@code cap} rows that no run before it read; and no row of a run references a row that no run
   * up to it holds (the foreign keys of totesys).
   */
  private void assertEveryRowOnceAndReferencesFirst(
      String bucket, Map<SourceTable, List<String>> uncapped, long cap) {
    Map<SourceTable, Set<String>> all = new EnumMap<>(SourceTable.class);
    Map<SourceTable, Set<Long>> idsSoFar = new EnumMap<>(SourceTable.class);
    IngestManifest before = null;
    for (IngestManifest m : manifests(bucket)) {
      Map<SourceTable, List<JsonNode>> runRows = new HashMap<>();
      long fresh = 0;
      for (SourceTable t : SourceTable.values()) {
        List<JsonNode> rows = IngestFiles.rows(store, bucket, m, t.tableName());
        runRows.put(t, rows);
        Set<String> seen = all.computeIfAbsent(t, x -> new HashSet<>());
        assertThat(new HashSet<>(rows.stream().map(String::valueOf).toList()))
            .as("run %s, %s: no row twice in one run", m.runId(), t.tableName())
            .hasSize(rows.size());
        for (JsonNode row : rows) {
          if (seen.add(String.valueOf(row))) {
            fresh++;
          } else {
            LocalDateTime lastUpdated = LocalDateTime.parse(row.get("last_updated").asText());
            assertThat(lastUpdated)
                .as("run %s, %s: a row read again is within the lookback", m.runId(), t.tableName())
                .isAfter(before.table(t.tableName()).watermark().minusMinutes(10));
          }
        }
        Set<Long> ids = idsSoFar.computeIfAbsent(t, x -> new HashSet<>());
        rows.forEach(r -> ids.add(r.get(t.idColumn()).asLong()));
      }
      assertThat(fresh).as("rows first read by run %s", m.runId()).isLessThanOrEqualTo(cap);
      references(runRows, idsSoFar, SourceTable.SALES_ORDER, "staff_id", SourceTable.STAFF, m);
      references(runRows, idsSoFar, SourceTable.SALES_ORDER, "design_id", SourceTable.DESIGN, m);
      references(
          runRows, idsSoFar, SourceTable.PAYMENT, "transaction_id", SourceTable.TRANSACTION, m);
      references(
          runRows, idsSoFar, SourceTable.TRANSACTION, "sales_order_id", SourceTable.SALES_ORDER, m);
      references(runRows, idsSoFar, SourceTable.STAFF, "department_id", SourceTable.DEPARTMENT, m);
      before = m;
    }
    for (SourceTable t : SourceTable.values()) {
      assertThat(all.getOrDefault(t, Set.of()))
          .as("%s: the rows of one uncapped run", t.tableName())
          .containsExactlyInAnyOrderElementsOf(uncapped.get(t));
    }
  }

  private static void references(
      Map<SourceTable, List<JsonNode>> runRows,
      Map<SourceTable, Set<Long>> idsSoFar,
      SourceTable table,
      String column,
      SourceTable referenced,
      IngestManifest run) {
    for (JsonNode row : runRows.get(table)) {
      JsonNode ref = row.get(column);
      if (ref != null && !ref.isNull()) {
        assertThat(idsSoFar.get(referenced))
            .as("run %s: %s.%s = %s extracted by then", run.runId(), table.tableName(), column, ref)
            .contains(ref.asLong());
      }
    }
  }

  /** A Lambda context whose remaining time drops by {@code step} ms each time it is asked. */
  static final class RunningOutContext implements Context {
    private final AtomicLong remaining;
    private final long step;

    RunningOutContext(long remainingMillis, long step) {
      this.remaining = new AtomicLong(remainingMillis);
      this.step = step;
    }

    @Override
    public int getRemainingTimeInMillis() {
      return (int) Math.max(0, remaining.getAndAdd(-step));
    }

    @Override
    public String getAwsRequestId() {
      return "test";
    }

    @Override
    public String getLogGroupName() {
      return "test";
    }

    @Override
    public String getLogStreamName() {
      return "test";
    }

    @Override
    public String getFunctionName() {
      return "totes-extract";
    }

    @Override
    public String getFunctionVersion() {
      return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
      return "arn:aws:lambda:eu-west-2:123456789012:function:totes-extract";
    }

    @Override
    public CognitoIdentity getIdentity() {
      return null;
    }

    @Override
    public ClientContext getClientContext() {
      return null;
    }

    @Override
    public int getMemoryLimitInMB() {
      return 512;
    }

    @Override
    public LambdaLogger getLogger() {
      return null;
    }
  }
}
