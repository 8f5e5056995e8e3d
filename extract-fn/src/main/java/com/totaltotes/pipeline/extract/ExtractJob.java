package com.totaltotes.pipeline.extract;

import com.totaltotes.pipeline.PipelineException;
import com.totaltotes.pipeline.credentials.ConnectionSource;
import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.manifest.ManifestStore;
import com.totaltotes.pipeline.run.Attempt;
import com.totaltotes.pipeline.run.RowProgress;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.source.SourceTable;
import com.totaltotes.pipeline.storage.ObjectStore;
import com.totaltotes.pipeline.storage.VerifiedInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.logging.Logger;
import org.roaringbitmap.RoaringBitmap;

/**
 * One extract run: reads every totesys row changed since the previous run's watermarks (minus the
 * lookback) in one REPEATABLE READ, READ ONLY snapshot (shared by {@code workers} connections),
 * writes gzipped JSON Lines parts to the ingest bucket, and writes the run's manifest last. Never
 * overwrites or deletes an object.
 */
public final class ExtractJob {
  private static final Logger LOG = Logger.getLogger(ExtractJob.class);

  /** The order tables are handed to the readers: the big ones first, so the work evens out. */
  private static final List<SourceTable> LARGEST_FIRST =
      List.of(
          SourceTable.PAYMENT,
          SourceTable.TRANSACTION,
          SourceTable.SALES_ORDER,
          SourceTable.PURCHASE_ORDER,
          SourceTable.DESIGN,
          SourceTable.ADDRESS,
          SourceTable.COUNTERPARTY,
          SourceTable.STAFF,
          SourceTable.DEPARTMENT,
          SourceTable.CURRENCY,
          SourceTable.PAYMENT_TYPE);

  private final ConnectionSource source;
  private final ObjectStore store;
  private final JsonCodec json;
  private final Clock clock;
  private final ExtractConfig config;
  private final RowProgress progress;

  public ExtractJob(
      ConnectionSource source,
      ObjectStore store,
      JsonCodec json,
      Clock clock,
      ExtractConfig config) {
    this(source, store, json, clock, config, RowProgress.NONE);
  }

  /** A job that reports rows written as it goes (the local runner's progress display). */
  public ExtractJob(
      ConnectionSource source,
      ObjectStore store,
      JsonCodec json,
      Clock clock,
      ExtractConfig config,
      RowProgress progress) {
    this.source = source;
    this.store = store;
    this.json = json;
    this.clock = clock;
    this.config = config;
    this.progress = progress;
  }

  /**
   * Runs one extract.
   *
   * @throws PipelineException (or a subclass) on any failure; no manifest is written then, so the
   *     next run reads the same window again
   */
  public ExtractSummary run() {
    return run(List.of());
  }

  /**
   * Runs one extract that also repairs the given set-aside runs: each table is read from the
   * earliest of its usual window and each repaired run's window, and the repaired runs' raw files
   * that still verify (present, same bytes and SHA-256 as their manifest says) are carried into
   * this run ahead of the fresh rows. The warehouse then gets the repaired runs' row versions and
   * every row changed since, on top of the current state, so no dimension moves back.
   *
   * @throws PipelineException (or a subclass) on any failure; no manifest is written then
   */
  public ExtractSummary run(List<RunId> repairs) {
    Instant started = clock.instant();
    ManifestStore<IngestManifest> manifests =
        new ManifestStore<>(store, json, config.bucket(), IngestManifest.class);
    ManifestStore.Listing listing = manifests.listing(null);
    List<RunId> runs = listing.runs();
    // an unreadable newest manifest (corrupt, foreign) is skipped: the windows start from an older
    // run
    IngestManifest previous = manifests.newestReadable(runs, runs.size());
    RunId run = RunId.next(runs.isEmpty() ? null : runs.get(runs.size() - 1), started);
    String attempt = Attempt.next();
    LOG.infof(
        "extract run %s starting (previous run %s)%s",
        run,
        previous == null ? "none" : previous.runId(),
        repairs.isEmpty() ? "" : ", repairing " + repairs);
    Map<SourceTable, Repair> repair = repairPlan(manifests, runs, repairs);

    List<IngestManifest.Table> tables;
    LocalDateTime databaseClock;
    SourceContract.Drift drift;
    try (SnapshotReaders readers = new SnapshotReaders(source, config.workers())) {
      databaseClock = databaseClock(readers.get(0));
      drift = SourceContract.check(readers.get(0), source.describe());
      drift
          .columnWarnings()
          .forEach(w -> LOG.warnf("extract run %s: source schema drift: %s", run, w));
      if (!drift.otherTables().isEmpty()) {
        LOG.infof(
            "extract run %s: tables outside the pipeline's allow-list, ignored: %s",
            run, String.join(", ", drift.otherTables()));
      }
      tables = extractAll(readers, run, attempt, previous, databaseClock, repair);
      readers.commit();
    } catch (SQLException e) {
      throw new PipelineException(
          "extract run "
              + run
              + " failed on "
              + source.describe()
              + " (SQLState "
              + e.getSQLState()
              + ")",
          false,
          e);
    }
    Instant finished = clock.instant();
    manifests.write(
        new IngestManifest(
            run.toString(),
            started,
            finished,
            config.lookback().toSeconds(),
            tables,
            databaseClock,
            repairs.stream().map(RunId::toString).toList()));

    Map<String, Long> rows = new LinkedHashMap<>();
    Map<String, LocalDateTime> watermarks = new LinkedHashMap<>();
    Map<String, Long> deleted = new LinkedHashMap<>();
    Map<String, Long> present = new LinkedHashMap<>();
    long future = 0;
    for (IngestManifest.Table t : tables) {
      rows.put(t.table(), t.rows());
      watermarks.put(t.table(), t.watermark());
      deleted.put(t.table(), t.deletedRows());
      present.put(t.table(), t.ids().rows());
      future += t.futureRows();
    }
    ExtractSummary summary =
        new ExtractSummary(
            run.toString(),
            rows.values().stream().mapToLong(Long::longValue).sum(),
            rows,
            watermarks,
            finished.toEpochMilli() - started.toEpochMilli(),
            future,
            drift.columnWarnings().size(),
            listing.strayKeys().size(),
            repairs.stream().map(RunId::toString).toList(),
            deleted,
            present);
    LOG.infof("extract summary %s", new String(json.write(summary), StandardCharsets.UTF_8));
    return summary;
  }

  /**
   * What a repair adds to one table: the earliest window start (null: every row), and the files and
   * deletions carried over.
   */
  private record Repair(LocalDateTime since, List<FileEntry> carried, List<FileEntry> deletions) {
    static final Repair FROM_START = new Repair(null, List.of(), List.of());

    Repair merge(Repair other) {
      List<FileEntry> files = new ArrayList<>(carried);
      files.addAll(other.carried);
      List<FileEntry> deleted = new ArrayList<>(deletions);
      deleted.addAll(other.deletions);
      return new Repair(earliest(since, other.since), files, deleted);
    }
  }

  /** The earlier of two window starts, where null (every row) is earliest. */
  private static LocalDateTime earliest(LocalDateTime a, LocalDateTime b) {
    return a == null || b == null ? null : a.isBefore(b) ? a : b;
  }

  private Map<SourceTable, Repair> repairPlan(
      ManifestStore<IngestManifest> manifests, List<RunId> runs, List<RunId> repairs) {
    Map<SourceTable, Repair> plan = new java.util.EnumMap<>(SourceTable.class);
    for (RunId r : repairs) {
      int index = runs.indexOf(r);
      if (index < 0) {
        throw new PipelineException(
            "cannot repair run "
                + r
                + ": bucket "
                + config.bucket()
                + " has no ingest manifest of that run",
            true);
      }
      // an unreadable manifest of the repaired run: its window is read again from the run before it
      IngestManifest repaired = manifests.readOrNull(r);
      IngestManifest before = repaired != null ? null : manifests.newestReadable(runs, index);
      for (SourceTable table : SourceTable.values()) {
        Repair add;
        if (repaired != null) {
          IngestManifest.Table entry = repaired.table(table.tableName());
          add =
              entry == null
                  ? Repair.FROM_START
                  : new Repair(
                      entry.since(), verified(r, entry.files()), verified(r, entry.deletions()));
        } else {
          LocalDateTime watermark = watermarkOf(before, table);
          add =
              watermark == null
                  ? Repair.FROM_START
                  : new Repair(watermark.minus(config.lookback()), List.of(), List.of());
        }
        plan.merge(table, add, Repair::merge);
      }
    }
    return plan;
  }

  /** The files of a repaired run's table that still hold exactly what its manifest says. */
  private List<FileEntry> verified(RunId run, List<FileEntry> files) {
    List<FileEntry> ok = new ArrayList<>();
    for (FileEntry file : files) {
      String problem = VerifiedInput.problem(store, config.bucket(), file);
      if (problem == null) {
        ok.add(file);
      } else {
        LOG.warnf(
            "repair of run %s: %s cannot be carried over (%s); its rows are read again from the"
                + " source where they still exist",
            run, file.key(), problem);
      }
    }
    return ok;
  }

  /** The database's own clock inside the snapshot, in the zone totesys writes last_updated in. */
  private LocalDateTime databaseClock(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("select (statement_timestamp() at time zone ?)::timestamp(3)")) {
      ps.setString(1, config.sourceTimeZone().getId());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getObject(1, LocalDateTime.class);
      }
    }
  }

  /** Reads every table, the largest first, spread over the snapshot's connections. */
  private List<IngestManifest.Table> extractAll(
      SnapshotReaders readers,
      RunId run,
      String attempt,
      IngestManifest previous,
      LocalDateTime databaseClock,
      Map<SourceTable, Repair> repair) {
    ExtractTable extract = new ExtractTable(store, json.mapper(), config, progress);
    Queue<SourceTable> queue = new ConcurrentLinkedQueue<>(LARGEST_FIRST);
    Map<SourceTable, IngestManifest.Table> done = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(readers.size());
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int i = 0; i < readers.size(); i++) {
        Connection c = readers.get(i);
        workers.add(
            pool.submit(
                () -> {
                  for (SourceTable table; (table = queue.poll()) != null; ) {
                    done.put(
                        table,
                        extractTable(
                            extract,
                            c,
                            table,
                            run,
                            attempt,
                            previous,
                            databaseClock,
                            repair.get(table)));
                  }
                  return null;
                }));
      }
      for (Future<?> w : workers) {
        try {
          w.get();
        } catch (ExecutionException e) {
          queue.clear(); // stop the other workers at their next table
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          throw new PipelineException(
              "extract run " + run + " failed: " + e.getCause(), false, e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new PipelineException("extract run " + run + " was interrupted", false, e);
        }
      }
    } finally {
      stop(pool);
    }
    List<IngestManifest.Table> tables = new ArrayList<>();
    for (SourceTable t : SourceTable.values()) {
      tables.add(done.get(t));
    }
    return tables;
  }

  /** Stops the readers and waits for them, so no connection is closed under a running COPY. */
  private static void stop(ExecutorService pool) {
    pool.shutdownNow();
    try {
      if (!pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
        LOG.warn("extract readers did not stop within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private IngestManifest.Table extractTable(
      ExtractTable extract,
      Connection c,
      SourceTable table,
      RunId run,
      String attempt,
      IngestManifest previous,
      LocalDateTime databaseClock,
      Repair repair) {
    LocalDateTime previousWatermark = watermarkOf(previous, table);
    // a watermark written before the clock cap may lie in the future: it counts as the clock
    if (previousWatermark != null && previousWatermark.isAfter(databaseClock)) {
      previousWatermark = databaseClock;
    }
    LocalDateTime since =
        previousWatermark == null ? null : previousWatermark.minus(config.lookback());
    List<FileEntry> carried = List.of();
    if (repair != null) {
      carried = repair.carried();
      since = earliest(since, repair.since());
    }
    IngestManifest.Table entry;
    long keysMs;
    try {
      entry =
          extract.extract(
              c,
              table,
              run,
              attempt,
              new ExtractTable.Window(since, previousWatermark, databaseClock, carried));
      long keysStarted = System.nanoTime();
      entry =
          reconcile(
              c,
              table,
              run,
              attempt,
              previous,
              entry,
              repair == null ? List.of() : repair.deletions());
      keysMs = (System.nanoTime() - keysStarted) / 1_000_000;
    } catch (SQLException e) {
      throw new PipelineException(
          "extract run "
              + run
              + " failed reading table "
              + table.tableName()
              + " from "
              + source.describe()
              + " (SQLState "
              + e.getSQLState()
              + "): "
              + e.getMessage(),
          false,
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "extract run " + run + " failed writing table " + table.tableName(), e);
    }
    LOG.infof(
        "extract run %s table %s: %d rows in %d files, since %s, watermark %s; key set of %d ids"
            + " (%d deleted) in %d ms%s%s",
        run,
        table.tableName(),
        entry.rows(),
        entry.files().size(),
        since,
        entry.watermark(),
        entry.ids().rows(),
        entry.deletedRows(),
        keysMs,
        entry.futureRows() == 0
            ? ""
            : ", " + entry.futureRows() + " dated after the database clock",
        entry.carriedFiles() == 0
            ? ""
            : ", " + entry.carriedFiles() + " files carried from repaired runs");
    return entry;
  }

  /**
   * Adds the table's key set to its entry, and the ids deleted (or there again) since the previous
   * run's key set; a repair run also carries the deletions of the runs it repairs.
   */
  private IngestManifest.Table reconcile(
      Connection c,
      SourceTable table,
      RunId run,
      String attempt,
      IngestManifest previous,
      IngestManifest.Table entry,
      List<FileEntry> carriedDeletions)
      throws SQLException, IOException {
    RoaringBitmap now = SourceKeys.read(c, table);
    String prefix = "_ids/" + run + "-" + attempt + "/";
    List<FileEntry> deletions = new ArrayList<>(carriedDeletions);
    long deleted = 0;
    SourceKeys.KeySet before = previousKeys(previous, table);
    RoaringBitmap stillGone = new RoaringBitmap();
    if (before != null) {
      RoaringBitmap gone = RoaringBitmap.andNot(before.ids(), now);
      RoaringBitmap appeared = RoaringBitmap.and(now, before.deleted());
      stillGone = RoaringBitmap.andNot(RoaringBitmap.or(before.deleted(), gone), now);
      FileEntry changes =
          SourceKeys.writeChanges(
              store,
              json.mapper(),
              config.bucket(),
              prefix + table.tableName() + ".deletions.jsonl.gz",
              gone,
              appeared);
      if (changes != null) {
        deletions.add(changes);
      }
      deleted = gone.getLongCardinality();
      if (deleted > 0) {
        LOG.infof(
            "extract run %s: %d row(s) of %s deleted in the source since run %s",
            run, deleted, table.tableName(), previous.runId());
      }
    }
    FileEntry ids =
        SourceKeys.write(
            store,
            config.bucket(),
            prefix + table.tableName() + ".roaring.gz",
            new SourceKeys.KeySet(now, stillGone));
    return entry.withKeys(ids, deleted, deletions);
  }

  /** The previous run's key set of the table, or null when it has none or it cannot be read. */
  private SourceKeys.KeySet previousKeys(IngestManifest previous, SourceTable table) {
    IngestManifest.Table entry = previous == null ? null : previous.table(table.tableName());
    if (entry == null || entry.ids() == null) {
      return null;
    }
    try {
      return SourceKeys.read(store, config.bucket(), entry.ids());
    } catch (PipelineException e) {
      if (!e.permanent()) {
        throw e;
      }
      LOG.warnf(
          "key set of %s in run %s cannot be read (%s): deletes are detected from the next run on",
          table.tableName(), previous.runId(), e.getMessage());
      return null;
    }
  }

  private static LocalDateTime watermarkOf(IngestManifest previous, SourceTable table) {
    if (previous == null) {
      return null;
    }
    IngestManifest.Table entry = previous.table(table.tableName());
    return entry == null ? null : entry.watermark();
  }
}
