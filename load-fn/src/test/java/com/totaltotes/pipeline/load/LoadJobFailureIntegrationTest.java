package com.totaltotes.pipeline.load;

import static com.totaltotes.pipeline.load.ProcessedRunWriter.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.manifest.ProcessedManifest;
import com.totaltotes.pipeline.run.SetAsideRun;
import com.totaltotes.pipeline.run.SetAsideRuns;
import com.totaltotes.pipeline.storage.ObjectOutput;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Crashes, bad files and concurrent loaders: a failed run leaves the warehouse as it was. */
class LoadJobFailureIntegrationTest {
  private static LoadTestServices services;
  @TempDir Path tempDir;
  private String db;
  private String bucket;
  private ProcessedRunWriter runs;

  @BeforeAll
  static void startServers() {
    services = LoadTestServices.start();
  }

  @AfterAll
  static void stopServers() {
    services.close();
  }

  @BeforeEach
  void run1IsLoaded() throws Exception {
    db = services.newWarehouse();
    bucket = services.newBucket();
    runs = new ProcessedRunWriter(services.store, bucket, 1);
    runs.write(run(1), SampleRows.first().asMap());
    assertThat(job(db, LoadFaultHook.NONE).run()).hasSize(1);
  }

  private LoadJob job(String database, LoadFaultHook progress) {
    return services.job(database, bucket, tempDir, progress);
  }

  private Map<String, List<String>> dump(String database) throws Exception {
    try (Connection c = services.connect(database)) {
      return WarehouseRows.dump(c);
    }
  }

  /** A listener that throws when run {@code seq} reaches {@code step}. */
  private static LoadFaultHook crashAt(LoadStep step, long seq) {
    return (reached, runId) -> {
      if (reached == step && runId.equals(run(seq).toString())) {
        throw new IllegalStateException("injected crash at " + step);
      }
    };
  }

  @ParameterizedTest
  @EnumSource(LoadStep.class)
  void crashInsideARunLeavesTheWarehouseAsBeforeAndTheRetryCompletesIt(LoadStep step)
      throws Exception {
    Map<String, List<String>> afterRun1 = dump(db);
    runs.write(run(2), LoadJobIntegrationTest.second().asMap());

    // WHEN run 2 crashes at the step, twice (Lambda retries)
    for (int attempt = 0; attempt < 2; attempt++) {
      assertThatThrownBy(() -> job(db, crashAt(step, 2)).run())
          .isInstanceOf(LoadFailedException.class)
          .hasMessageContaining("loading processed run " + run(2))
          .hasMessageContaining("rolled back")
          .hasMessageContaining("injected crash at " + step);
      // THEN nothing of run 2 is in the warehouse
      assertThat(dump(db)).isEqualTo(afterRun1);
    }

    // AND the retry ends where no crash would have (surrogate keys and load times aside)
    assertThat(job(db, LoadFaultHook.NONE).run())
        .extracting(LoadSummary::runId)
        .containsExactly(run(2).toString());
    String noCrash = services.newWarehouse();
    assertThat(job(noCrash, LoadFaultHook.NONE).run()).hasSize(2);
    try (Connection retried = services.connect(db);
        Connection clean = services.connect(noCrash)) {
      assertThat(WarehouseRows.businessDump(retried)).isEqualTo(WarehouseRows.businessDump(clean));
    }
  }

  /** Per row (today's path, the default threshold) and on the bulk path (threshold 0). */
  @ParameterizedTest
  @ValueSource(longs = {LoadConfig.DEFAULT_BULK_THRESHOLD_ROWS, 0})
  void aForeignKeyViolationSetsTheRunAsideAndLaterRunsGoOn(long bulkThresholdRows)
      throws Exception {
    Map<String, List<String>> before = dump(db);
    List<String> schemaBefore;
    try (Connection c = services.connect(db)) {
      schemaBefore = WarehouseRows.schema(c);
    }
    runs.write(
        run(2),
        new RunRows()
            .add(
                WarehouseTable.FACT_SALES_ORDER,
                9,
                SampleRows.NOV_3,
                SampleRows.T_1420,
                SampleRows.NOV_3,
                SampleRows.T_1420,
                99,
                1,
                1,
                new BigDecimal("1.00"),
                1,
                1,
                SampleRows.NOV_7,
                SampleRows.NOV_10,
                1)
            .asMap());
    runs.write(run(3), LoadJobIntegrationTest.second().asMap());

    List<LoadSummary> done = services.job(db, bucket, tempDir, bulkThresholdRows).run();

    assertThat(done)
        .extracting(LoadSummary::runId)
        .containsExactly(run(2).toString(), run(3).toString());
    assertThat(done.get(0).setAside())
        .contains(
            "load of processed run " + run(2),
            "inserting fact_sales_order",
            "Key (sales_staff_id)=(99)",
            "SQLState 23503");
    assertThat(done.get(0).rowsWritten()).isZero();
    assertThat(done.get(1).setAside()).isNull();
    assertThat(done.get(1).rowsWritten()).isPositive();
    Map<String, List<String>> after = dump(db);
    assertThat(after.get("fact_sales_order"))
        .as("nothing of run 2")
        .noneMatch(r -> r.contains(",9,"));
    assertSetAside(run(2), "Key (sales_staff_id)=(99)");
    assertThat(job(db, LoadFaultHook.NONE).run())
        .as("a set-aside run is not tried again")
        .isEmpty();
    assertThat(before.get("fact_sales_order")).isSubsetOf(after.get("fact_sales_order"));
    // the warehouse holds runs 1 and 3 exactly as if run 2 had never been written
    String without2 = services.newWarehouse();
    String cleanBucket = services.newBucket();
    ProcessedRunWriter clean = new ProcessedRunWriter(services.store, cleanBucket, 1);
    clean.write(run(1), SampleRows.first().asMap());
    clean.write(run(2), LoadJobIntegrationTest.second().asMap());
    services.job(without2, cleanBucket, tempDir, LoadFaultHook.NONE).run();
    try (Connection c = services.connect(db);
        Connection expected = services.connect(without2)) {
      Map<String, List<String>> got = WarehouseRows.businessDump(c);
      Map<String, List<String>> want = WarehouseRows.businessDump(expected);
      got.remove("load_ledger");
      want.remove("load_ledger");
      assertThat(got).isEqualTo(want);
      assertThat(WarehouseRows.schema(c)).as("foreign keys as before").isEqualTo(schemaBefore);
    }
  }

  @Test
  void aFileThatIsNotParquetSetsTheRunAsideNamingItsKey() throws Exception {
    Map<String, List<String>> before = dump(db);
    String key = "dim_staff/dt=2026-11-24/" + run(2) + "-0.parquet";
    byte[] garbage = "not parquet at all".getBytes(StandardCharsets.UTF_8);
    ObjectOutput out = services.store.create(bucket, key);
    out.write(garbage);
    out.close();
    runs.writeManifest(
        manifestListing(
            run(2).toString(),
            WarehouseTable.DIM_STAFF,
            new FileEntry(key, 2, garbage.length, sha256(garbage))));

    assertThat(job(db, LoadFaultHook.NONE).run())
        .singleElement()
        .satisfies(
            s ->
                assertThat(s.setAside())
                    .contains(
                        "copying dim_staff from s3://" + bucket + "/" + key,
                        "not a readable dim_staff Parquet file"));
    assertThat(withoutLedger(dump(db))).isEqualTo(withoutLedger(before));
    assertSetAside(run(2), key);
  }

  @Test
  void aParquetFileWithAnotherSha256ThanItsManifestSaysSetsTheRunAside() throws Exception {
    ProcessedManifest real = runs.writeFiles(run(2), LoadJobIntegrationTest.second().asMap());
    FileEntry staffFile = real.table("dim_staff").files().get(0);
    runs.writeManifest(
        manifestListing(
            real.runId(),
            WarehouseTable.DIM_STAFF,
            new FileEntry(staffFile.key(), staffFile.rows(), staffFile.bytes(), "0".repeat(64))));

    assertThat(job(db, LoadFaultHook.NONE).run())
        .singleElement()
        .satisfies(
            s -> assertThat(s.setAside()).contains(staffFile.key(), "does not match the SHA-256"));
  }

  @Test
  void aFileWithOtherRowsThanItsManifestEntrySetsTheRunAsideNamingItsKey() throws Exception {
    Map<String, List<String>> before = dump(db);
    ProcessedManifest real = runs.writeFiles(run(2), LoadJobIntegrationTest.second().asMap());
    FileEntry staffFile = real.table("dim_staff").files().get(0);
    runs.writeManifest(
        manifestListing(
            real.runId(),
            WarehouseTable.DIM_STAFF,
            new FileEntry(
                staffFile.key(),
                staffFile.rows() + 1,
                staffFile.bytes(),
                staffFile.sha256(),
                staffFile.crc32c())));

    assertThat(job(db, LoadFaultHook.NONE).run())
        .singleElement()
        .satisfies(
            s ->
                assertThat(s.setAside())
                    .contains(staffFile.key(), "holds 1 rows but its manifest entry says 2"));
    assertThat(withoutLedger(dump(db))).isEqualTo(withoutLedger(before));
  }

  @Test
  void aRunTheTransformSetAsideIsRecordedWithoutLoadingAndAnUnreadableManifestIsSetAside()
      throws Exception {
    runs.writeManifest(
        ProcessedManifest.setAside(
            run(2).toString(),
            java.time.Instant.now(),
            "transform of ingest run " + run(2) + " failed: truncated",
            null));
    ObjectOutput garbled =
        services.store.create(bucket, com.totaltotes.pipeline.manifest.ManifestStore.key(run(3)));
    garbled.write("{garbled".getBytes(StandardCharsets.UTF_8));
    garbled.close();
    ObjectOutput stray = services.store.create(bucket, "_manifests/readme.txt");
    stray.write("hello".getBytes(StandardCharsets.UTF_8));
    stray.close();
    runs.write(run(4), LoadJobIntegrationTest.second().asMap());

    LoadResult result = job(db, LoadFaultHook.NONE).run(s -> {});

    assertThat(result.strayManifestKeys()).isEqualTo(1);
    assertThat(result.runs())
        .extracting(LoadSummary::runId)
        .containsExactly(run(2).toString(), run(3).toString(), run(4).toString());
    assertThat(result.runs().get(0).setAside()).contains("truncated");
    assertThat(result.runs().get(1).setAside()).contains("is not a valid ProcessedManifest");
    assertThat(result.runs().get(2).setAside()).isNull();
    assertThat(result.newestLoadedRun()).isEqualTo(run(4).startedAt());
    try (Connection c = services.connect(db)) {
      assertThat(
              WarehouseRows.texts(
                  c, "select run_id || ' ' || status from load_ledger order by run_id"))
          .containsExactly(
              run(1) + " loaded", run(2) + " set_aside", run(3) + " set_aside", run(4) + " loaded");
    }
    // the transform recorded run 2 itself; the load records what it set aside
    assertThat(new SetAsideRuns(services.store, new JsonCodec(), bucket).list())
        .extracting(SetAsideRun::runId)
        .containsExactly(run(3).toString());
  }

  private void assertSetAside(com.totaltotes.pipeline.run.RunId run, String reason)
      throws Exception {
    try (Connection c = services.connect(db)) {
      assertThat(
              WarehouseRows.texts(
                  c,
                  "select status || ': ' || reason from load_ledger where run_id = '" + run + "'"))
          .singleElement()
          .asString()
          .startsWith("set_aside: ")
          .contains(reason);
    }
    assertThat(new SetAsideRuns(services.store, new JsonCodec(), bucket).list())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.runId()).isEqualTo(run.toString());
              assertThat(r.function()).isEqualTo("load");
              assertThat(r.reason()).contains(reason);
            });
  }

  private static Map<String, List<String>> withoutLedger(Map<String, List<String>> dump) {
    Map<String, List<String>> copy = new java.util.LinkedHashMap<>(dump);
    copy.remove("load_ledger");
    return copy;
  }

  private static String sha256(byte[] bytes) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void concurrentInvocationLoadsARunOnlyOnce() throws Exception {
    runs.write(run(2), LoadJobIntegrationTest.second().asMap());
    CountDownLatch staged = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    LoadFaultHook holdAfterStaging =
        (step, runId) -> {
          if (step == LoadStep.STAGED) {
            staged.countDown();
            await(release);
          }
        };
    // GIVEN invocation A holds the load lock in the middle of run 2
    CompletableFuture<List<LoadSummary>> a =
        CompletableFuture.supplyAsync(() -> job(db, holdAfterStaging).run());
    await(staged);
    // WHEN invocation B, which also saw run 2 pending, waits for the lock until A commits
    CompletableFuture<List<LoadSummary>> b =
        CompletableFuture.supplyAsync(() -> job(db, LoadFaultHook.NONE).run());
    waitUntilALoaderWaitsForTheLock();
    release.countDown();

    // THEN A loads run 2 and B skips it
    List<LoadSummary> all = new ArrayList<>(a.get(60, TimeUnit.SECONDS));
    List<LoadSummary> fromB = b.get(60, TimeUnit.SECONDS);
    assertThat(all).singleElement().extracting(LoadSummary::skipped).isEqualTo(false);
    assertThat(fromB)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.runId()).isEqualTo(run(2).toString());
              assertThat(s.skipped()).isTrue();
              assertThat(s.rowsWritten()).isZero();
            });
    try (Connection c = services.connect(db)) {
      assertThat(WarehouseRows.text(c, "select count(*) from load_ledger")).isEqualTo("2");
      assertThat(WarehouseRows.text(c, "select count(*) from fact_payment where payment_id = 1"))
          .isEqualTo("2");
    }
  }

  private void waitUntilALoaderWaitsForTheLock() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    try (Connection c = services.connect(db)) {
      while (!WarehouseRows.text(
              c,
              "select count(*) from pg_locks where locktype = 'advisory'"
                  + " and not granted and objid = "
                  + (LoadRun.LOCK_KEY & 0xffffffffL))
          .equals("1")) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the second loader never waited for the load lock");
        }
        Thread.onSpinWait();
      }
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new AssertionError("timed out waiting");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A manifest listing all 11 tables, with {@code file} as the only file of {@code table}. */
  private static ProcessedManifest manifestListing(
      String runId, WarehouseTable table, FileEntry file) {
    List<ProcessedManifest.Table> tables = new ArrayList<>();
    for (WarehouseTable t : WarehouseTable.values()) {
      tables.add(
          t == table
              ? new ProcessedManifest.Table(t.tableName(), file.rows(), List.of(file))
              : new ProcessedManifest.Table(t.tableName(), 0, List.of()));
    }
    return new ProcessedManifest(runId, java.time.Instant.now(), tables, 0, null, null, null);
  }
}
