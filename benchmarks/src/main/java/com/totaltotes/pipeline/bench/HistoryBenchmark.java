package com.totaltotes.pipeline.bench;

import com.totaltotes.pipeline.credentials.ConnectionSource;
import com.totaltotes.pipeline.embedded.EmbeddedPostgresServer;
import com.totaltotes.pipeline.embedded.EmbeddedS3Server;
import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.load.LoadLedger;
import com.totaltotes.pipeline.load.WarehouseMigrator;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.manifest.ManifestStore;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.storage.ObjectOutput;
import com.totaltotes.pipeline.storage.ObjectStore;
import com.totaltotes.pipeline.storage.S3Clients;
import com.totaltotes.pipeline.storage.S3ObjectStore;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Issue 26: what an incremental invocation pays for the history behind it. For each count of past
 * runs (arguments, e.g. {@code 100 1000 10000}) it fills an ingest bucket with that many manifests
 * and a warehouse's load ledger with that many loaded runs, then times, as the median of {@code
 * bench.repeat} (default 7) repetitions:
 *
 * <ul>
 *   <li>{@code list_all}: listing every manifest, what each extract, transform and load did before;
 *   <li>{@code list_recent}: {@link ManifestStore#recent()} (the newest-run hint, then the runs
 *       from 100 before it), what the extract and the transform do now;
 *   <li>{@code load_list}: the newest loaded run from the ledger (a new connection), a check that
 *       the bucket holds its manifest (one HEAD), then the listing from just before it, what the
 *       load does now instead of {@code list_all};
 *   <li>{@code ledger_all}: reading the whole ledger, what each load did before;
 *   <li>{@code ledger_recent}: the newest loaded run and the ledger rows from 100 seqs before it,
 *       what the load does now (both ledger figures on one open connection).
 * </ul>
 *
 * The manifests are small (one table, one file); the listing's cost is in their number, not their
 * size. Prints one line per count, then nothing else.
 */
public final class HistoryBenchmark {
  private static final int REPEAT = Integer.getInteger("bench.repeat", 7);

  private HistoryBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<Integer> counts = new ArrayList<>();
    for (String a : args.length == 0 ? new String[] {"100", "1000", "10000"} : args) {
      counts.add(Integer.parseInt(a));
    }
    JsonCodec json = new JsonCodec();
    try (EmbeddedS3Server s3 = EmbeddedS3Server.startInMemory();
        S3Client client =
            S3Clients.forEndpoint(
                s3.endpoint(),
                EmbeddedS3Server.REGION,
                EmbeddedS3Server.ACCESS_KEY,
                EmbeddedS3Server.SECRET_KEY);
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start()) {
      ObjectStore store = new S3ObjectStore(client);
      System.out.println(
          "runs list_all_ms list_recent_ms load_list_ms ledger_all_ms ledger_recent_ms");
      for (int runs : counts) {
        String bucket = "history-" + runs;
        s3.createBucket(bucket);
        RunId newest = fill(store, json, bucket, runs);
        ManifestStore<IngestManifest> manifests =
            new ManifestStore<>(store, json, bucket, IngestManifest.class);
        ConnectionSource warehouse =
            BoundedBacklogBenchmark.database(pg, pg.createDatabase("warehouse_" + runs));
        new WarehouseMigrator(warehouse).migrate();
        fillLedger(warehouse, runs);
        check(manifests.recent().runs().contains(newest), "the recent listing holds the newest");
        double listAll = median(() -> manifests.listing(null).runs().size());
        double listRecent = median(() -> manifests.recent().runs().size());
        double ledgerAll;
        double ledgerRecent;
        try (Connection c = warehouse.open()) {
          ledgerAll = median(() -> LoadLedger.loadedRuns(c).size());
          ledgerRecent =
              median(
                  () -> {
                    RunId loaded = LoadLedger.newestLoadedRun(c);
                    return LoadLedger.runsFrom(c, loaded.seq() - 2 - ManifestStore.RECENT_RUNS)
                        .size();
                  });
        }
        double loadList =
            median(
                () -> {
                  try (Connection c = warehouse.open()) {
                    RunId loaded = LoadLedger.newestLoadedRun(c);
                    check(
                        store.exists(bucket, ManifestStore.key(loaded)),
                        "the bucket holds the newest loaded run");
                    return manifests
                        .listing(new RunId(loaded.seq() - 2, loaded.startedAt()))
                        .runs()
                        .size();
                  }
                });
        System.out.printf(
            Locale.US,
            "%d %.1f %.1f %.1f %.1f %.1f%n",
            runs,
            listAll,
            listRecent,
            loadList,
            ledgerAll,
            ledgerRecent);
      }
    }
  }

  /**
   * Writes {@code runs} manifests (10 minutes apart) and the newest-run hint; returns the newest.
   */
  private static RunId fill(ObjectStore store, JsonCodec json, String bucket, int runs)
      throws Exception {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    RunId run = null;
    for (int seq = 1; seq <= runs; seq++) {
      run = new RunId(seq, start.plusSeconds(600L * seq));
      IngestManifest m =
          new IngestManifest(run.toString(), run.startedAt(), run.startedAt(), 600, List.of());
      store.createIfAbsent(bucket, ManifestStore.key(run), json.write(m));
    }
    try (ObjectOutput out = store.create(bucket, ManifestStore.LATEST)) {
      out.write(run.toString().getBytes(StandardCharsets.UTF_8));
    }
    return run;
  }

  /** {@code runs} loaded runs in the ledger, 10 minutes apart, as the load records them. */
  private static void fillLedger(ConnectionSource warehouse, int runs) throws SQLException {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    try (Connection c = warehouse.open();
        PreparedStatement ps =
            c.prepareStatement(
                "insert into load_ledger (run_id, source_run, rows_per_table, run_started_at)"
                    + " values (?, ?, '{}'::jsonb, ?)")) {
      for (int seq = 1; seq <= runs; seq++) {
        RunId run = new RunId(seq, start.plusSeconds(600L * seq));
        ps.setString(1, run.toString());
        ps.setString(2, run.toString());
        ps.setObject(3, run.startedAt().atOffset(java.time.ZoneOffset.UTC));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Median milliseconds of {@code REPEAT} calls, after one untimed warm-up call. */
  private static double median(Callable<Integer> work) throws Exception {
    work.call();
    List<Double> ms = new ArrayList<>();
    for (int i = 0; i < REPEAT; i++) {
      long t0 = System.nanoTime();
      work.call();
      ms.add((System.nanoTime() - t0) / 1e6);
    }
    ms.sort(null);
    return ms.get(ms.size() / 2);
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("benchmark check failed: " + what);
    }
  }
}
