package com.totaltotes.pipeline.extract;

import com.totaltotes.pipeline.PipelineException;
import com.totaltotes.pipeline.credentials.ConnectionSource;
import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.manifest.ManifestStore;
import com.totaltotes.pipeline.run.Attempt;
import com.totaltotes.pipeline.run.Deadline;
import com.totaltotes.pipeline.run.RowProgress;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.source.SourceTable;
import com.totaltotes.pipeline.storage.ObjectStore;
import com.totaltotes.pipeline.storage.VerifiedInput;
import java.io.IOException;
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
import java.util.concurrent.ConcurrentHashMap;
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

  /** The window rules (pure). */
  private final TableWindows tableWindows;

  /** Rebuilds a key set that is gone or unreadable; set by each run from its listing. */
  private KeySetRebuild keySets;

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
    this.tableWindows = new TableWindows(config.lookback());
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
    return run(repairs, Deadline.NONE);
  }

  /**
   * Runs one bounded extract (issue 16): it reads at most {@code maxRowsPerRun} rows (the config)
   * and stops reading when less than the stop margin is left before {@code deadline}; every table
   * it did not read to the end of its window is continued by the next run from the exact {@code
   * (last_updated, id)} position recorded in this run's manifest. A table is read only in a run
   * that reads every table it references to the end, so every row a run writes finds the rows it
   * references in the same run or an earlier one. The summary says how many rows are left ({@code
   * backlogRows}); 0 means the source is caught up as of this run's snapshot.
   *
   * @throws PipelineException (or a subclass) on any failure; no manifest is written then
   */
  public ExtractSummary run(List<RunId> repairs, Deadline deadline) {
    Instant started = clock.instant();
    ManifestStore<IngestManifest> manifests =
        new ManifestStore<>(store, json, config.bucket(), IngestManifest.class);
    // the recent runs only (a repair may name any run: then all of them); a claimed seq whose
    // manifest is missing is written again first, or its seq would be blocked
    ManifestStore.Restored restored =
        manifests.restoreClaimed(repairs.isEmpty() ? manifests.recent() : manifests.listing(null));
    // an unreadable newest manifest (corrupt, foreign) is skipped: the windows start from an older
    // run, looked for in the whole chain when no recent one reads
    ManifestStore.Newest<IngestManifest> newest = manifests.newestReadable(restored.listing());
    ManifestStore.Listing listing = newest.listing();
    List<RunId> runs = listing.runs();
    IngestManifest previous = newest.manifest();
    keySets = new KeySetRebuild(store, json.mapper(), manifests, runs);
    RunId run = RunId.next(runs.isEmpty() ? null : runs.get(runs.size() - 1), started);
    String attempt = Attempt.next();
    LOG.infof(
        "extract run %s starting (previous run %s)%s",
        run,
        previous == null ? "none" : previous.runId(),
        repairs.isEmpty() ? "" : ", repairing " + repairs);
    Map<SourceTable, TableWindows.Repair> repair = repairPlan(manifests, runs, repairs);

    List<IngestManifest.Table> tables;
    LocalDateTime databaseClock;
    SourceSnapshot snapshot;
    SourceContract.Drift drift;
    try (SnapshotReaders readers = new SnapshotReaders(source, config.workers())) {
      databaseClock = databaseClock(readers.get(0));
      snapshot = SourceSnapshot.of(readers.get(0));
      drift = SourceContract.check(readers.get(0), source.describe());
      drift
          .columnWarnings()
          .forEach(w -> LOG.warnf("extract run %s: source schema drift: %s", run, w));
      if (!drift.otherTables().isEmpty()) {
        LOG.infof(
            "extract run %s: tables outside the pipeline's allow-list, ignored: %s",
            run, String.join(", ", drift.otherTables()));
      }
      tables = extractAll(readers, run, attempt, previous, databaseClock, repair, deadline);
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
            repairs.stream().map(RunId::toString).toList(),
            snapshot.text()));

    Map<String, Long> rows = new LinkedHashMap<>();
    Map<String, LocalDateTime> watermarks = new LinkedHashMap<>();
    Map<String, Long> deleted = new LinkedHashMap<>();
    Map<String, Long> present = new LinkedHashMap<>();
    Map<String, Long> backlog = new LinkedHashMap<>();
    long future = 0;
    long late = 0;
    boolean moved = false;
    for (IngestManifest.Table t : tables) {
      IngestManifest.Table before = previous == null ? null : previous.table(t.table());
      moved |= t.readTo() != null && (before == null || !t.readTo().equals(before.readTo()));
      backlog.put(t.table(), t.backlogRows());
      rows.put(t.table(), t.rows());
      watermarks.put(t.table(), t.watermark());
      deleted.put(t.table(), t.deletedRows());
      present.put(t.table(), t.ids().rows());
      future += t.futureRows();
      late += t.lateRows();
    }
    ExtractSummary summary =
        new ExtractSummary(
            run.toString(),
            rows.values().stream().mapToLong(Long::longValue).sum(),
            rows,
            watermarks,
            finished.toEpochMilli() - started.toEpochMilli(),
            future,
            late,
            drift.columnWarnings().size(),
            listing.strayKeys().size(),
            repairs.stream().map(RunId::toString).toList(),
            deleted,
            present,
            backlog,
            restored.manifests(),
            keySets.lost(),
            moved);
    LOG.infof("extract summary %s", new String(json.write(summary), StandardCharsets.UTF_8));
    return summary;
  }

  private Map<SourceTable, TableWindows.Repair> repairPlan(
      ManifestStore<IngestManifest> manifests, List<RunId> runs, List<RunId> repairs) {
    Map<SourceTable, TableWindows.Repair> plan = new java.util.EnumMap<>(SourceTable.class);
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
        TableWindows.Repair add;
        if (repaired != null) {
          IngestManifest.Table entry = repaired.table(table.tableName());
          add =
              entry == null
                  ? TableWindows.Repair.FROM_START
                  : new TableWindows.Repair(
                      entry.since(), verified(r, entry.files()), verified(r, entry.deletions()));
        } else {
          LocalDateTime from =
              tableWindows.restartSince(before == null ? null : before.table(table.tableName()));
          add =
              from == null
                  ? TableWindows.Repair.FROM_START
                  : new TableWindows.Repair(from, List.of(), List.of());
        }
        plan.merge(table, add, TableWindows.Repair::merge);
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

  /**
   * The order in which a bounded run reads with a deadline: every table after the tables it
   * references (totesys' foreign keys, {@link SourceTable#references()}).
   */
  static final List<SourceTable> REFERENCED_FIRST = SourceTable.referencedFirst();

  /** What a run does with one table: its window, the rows pending in it, and the part it reads. */
  private record Plan(
      ExtractTable.Window window, long pending, boolean read, IngestManifest.Position upTo) {
    boolean toEnd() {
      return read && upTo == null;
    }
  }

  /** What happened to one table in this run. */
  private enum Outcome {
    /** Its window was read to the end. */
    COMPLETE,
    /** Read up to a position: the row cap or the deadline ended it there. */
    PARTIAL,
    /** Not read in this run: its state is carried to the next run unchanged. */
    NOT_READ
  }

  /**
   * Plans and reads every table, spread over the snapshot's connections (the largest first), then
   * adds each table's key set.
   */
  private List<IngestManifest.Table> extractAll(
      SnapshotReaders readers,
      RunId run,
      String attempt,
      IngestManifest previous,
      LocalDateTime databaseClock,
      Map<SourceTable, TableWindows.Repair> repair,
      Deadline deadline) {
    Map<SourceTable, ExtractTable.Window> windows = new java.util.EnumMap<>(SourceTable.class);
    for (SourceTable table : SourceTable.values()) {
      windows.put(table, tableWindows.window(table, previous, databaseClock, repair.get(table)));
    }
    boolean bounded = config.capped() || deadline.bounded();
    Map<SourceTable, Long> pending = new ConcurrentHashMap<>();
    if (bounded) {
      parallel(
          readers,
          run,
          LARGEST_FIRST,
          false,
          (c, table) -> {
            pending.put(table, ExtractTable.countNew(c, table, windows.get(table)));
            return true;
          });
    }
    Map<SourceTable, Plan> plans = plan(readers.get(0), windows, pending);
    ExtractTable extract = new ExtractTable(store, json.mapper(), config, progress);
    Map<SourceTable, ExtractTable.Result> results = new ConcurrentHashMap<>();
    java.util.concurrent.atomic.AtomicBoolean stopped =
        new java.util.concurrent.atomic.AtomicBoolean();
    ExtractTable.Stop stop =
        deadline.bounded()
            ? () -> {
              if (deadline.within(config.stopMargin())) {
                stopped.set(true);
              }
              return stopped.get();
            }
            : null;
    // with a deadline, tables are read in reference order (a table once those it references ended
    // complete), so that every run that reads at all makes progress; else the largest first
    parallel(
        readers,
        run,
        stop == null ? LARGEST_FIRST : REFERENCED_FIRST,
        stop != null,
        (c, table) -> {
          Plan plan = plans.get(table);
          if (!plan.read() || (stop != null && stop.now())) {
            return false;
          }
          ExtractTable.Window window =
              plan.upTo() == null ? plan.window() : plan.window().upTo(plan.upTo());
          long t0 = System.nanoTime();
          ExtractTable.Result result = extract.extract(c, table, run, attempt, window, stop);
          results.put(table, result);
          LOG.infof(
              "extract run %s table %s: %d rows in %d files in %d ms, since %s%s, watermark"
                  + " %s%s%s%s",
              run,
              table.tableName(),
              result.entry().rows(),
              result.entry().files().size(),
              (System.nanoTime() - t0) / 1_000_000,
              window.since(),
              window.after() == null ? "" : ", after " + window.after(),
              result.entry().watermark(),
              window.upTo() == null ? "" : ", up to " + window.upTo() + " (row cap)",
              result.cut() ? ", stopped at " + result.readTo() + " (deadline)" : "",
              result.entry().futureRows() == 0
                  ? ""
                  : ", " + result.entry().futureRows() + " dated after the database clock");
          return plan.upTo() == null && !result.cut();
        });
    // outcomes in reference order: a table read while a table it references was not read to the
    // end is not kept (its files are orphans nothing reads); its state carries to the next run
    Map<SourceTable, IngestManifest.Table> entries = new java.util.EnumMap<>(SourceTable.class);
    Map<SourceTable, Outcome> outcomes = new java.util.EnumMap<>(SourceTable.class);
    for (SourceTable table : REFERENCED_FIRST) {
      Plan plan = plans.get(table);
      ExtractTable.Result result = results.get(table);
      Outcome outcome;
      if (result == null) {
        outcome = Outcome.NOT_READ;
      } else if (result.cut()) {
        outcome = result.newRows() > 0 ? Outcome.PARTIAL : Outcome.NOT_READ;
      } else {
        outcome = plan.upTo() == null ? Outcome.COMPLETE : Outcome.PARTIAL;
      }
      if (outcome != Outcome.NOT_READ) {
        for (SourceTable referenced : table.references()) {
          if (outcomes.get(referenced) != Outcome.COMPLETE) {
            LOG.infof(
                "extract run %s: %s was read but %s, which it references, was not read to the"
                    + " end: its rows are left to the next run",
                run, table.tableName(), referenced.tableName());
            outcome = Outcome.NOT_READ;
            break;
          }
        }
      }
      outcomes.put(table, outcome);
      long left = pending.getOrDefault(table, 0L);
      IngestManifest.Table entry =
          switch (outcome) {
            case COMPLETE, PARTIAL ->
                result
                    .entry()
                    .withProgress(
                        result.readTo() != null ? result.readTo() : plan.window().after(),
                        databaseClock,
                        outcome == Outcome.COMPLETE ? 0 : Math.max(0, left - result.newRows()));
            case NOT_READ -> tableWindows.carried(table, plan.window(), previous, left);
          };
      entries.put(table, entry);
    }
    if (stopped.get()) {
      LOG.infof(
          "extract run %s stopped reading %d ms before the invocation's deadline; the next run"
              + " continues where it stopped",
          run, deadline.remainingMillis());
    }
    // key sets: every table, read or not (deletes are facts about two snapshots)
    Map<SourceTable, IngestManifest.Table> done = new ConcurrentHashMap<>();
    parallel(
        readers,
        run,
        LARGEST_FIRST,
        false,
        (c, table) -> {
          long keysStarted = System.nanoTime();
          TableWindows.Repair r = repair.get(table);
          ExtractTable.Result result = results.get(table);
          LateRows late =
              new LateRows(
                  extract,
                  outcomes.get(table) == Outcome.NOT_READ || result == null
                      ? new RoaringBitmap()
                      : result.ids(),
                  outcomes.get(table) == Outcome.COMPLETE,
                  databaseClock);
          IngestManifest.Table entry =
              reconcile(
                  c,
                  table,
                  run,
                  attempt,
                  previous,
                  entries.get(table),
                  r == null ? List.of() : r.deletions(),
                  late);
          done.put(table, entry);
          LOG.infof(
              "extract run %s table %s: %s, %d rows left; key set of %d ids (%d deleted) in %d"
                  + " ms%s",
              run,
              table.tableName(),
              outcomes.get(table).name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
              entry.backlogRows(),
              entry.ids().rows(),
              entry.deletedRows(),
              (System.nanoTime() - keysStarted) / 1_000_000,
              entry.carriedFiles() == 0
                  ? ""
                  : ", " + entry.carriedFiles() + " files carried from repaired runs");
          return true;
        });
    List<IngestManifest.Table> tables = new ArrayList<>();
    for (SourceTable t : SourceTable.values()) {
      tables.add(done.get(t));
    }
    return tables;
  }

  /**
   * Each table's plan: its share of the row budget ({@link RowBudget}), and for the table where the
   * cap runs out the position of its last row to read (a query in the snapshot).
   */
  private Map<SourceTable, Plan> plan(
      Connection c, Map<SourceTable, ExtractTable.Window> windows, Map<SourceTable, Long> pending) {
    Map<SourceTable, RowBudget.Share> shares =
        RowBudget.plan(pending, config.capped() ? config.maxRowsPerRun() : 0);
    Map<SourceTable, Plan> plans = new java.util.EnumMap<>(SourceTable.class);
    try {
      for (SourceTable table : REFERENCED_FIRST) {
        ExtractTable.Window window = windows.get(table);
        RowBudget.Share share = shares.get(table);
        IngestManifest.Position upTo =
            share.kind() == RowBudget.Share.Kind.FIRST
                ? ExtractTable.nth(c, table, window, share.rows())
                : null;
        plans.put(table, new Plan(window, pending.getOrDefault(table, -1L), share.read(), upTo));
      }
    } catch (SQLException e) {
      throw new PipelineException(
          "extract failed planning a bounded run on "
              + source.describe()
              + " (SQLState "
              + e.getSQLState()
              + "): "
              + e.getMessage(),
          false,
          e);
    }
    return plans;
  }

  /**
   * Runs {@code task} for every table of {@code order} on the snapshot's connections ({@link
   * ParallelTables}).
   */
  private void parallel(
      SnapshotReaders readers,
      RunId run,
      List<SourceTable> order,
      boolean referencesFirst,
      ParallelTables.TableTask task) {
    ParallelTables.run(readers, run, source.describe(), order, referencesFirst, task);
  }

  /**
   * How to find a table's late rows: the reader, the ids this run read in its window (and kept),
   * whether it read the window to the end, and the database clock of the snapshot.
   */
  private record LateRows(
      ExtractTable reader, RoaringBitmap read, boolean complete, LocalDateTime clock) {}

  /**
   * Adds the table's key set to its entry, and the ids deleted (or there again) since the previous
   * run's key set; a repair run also carries the deletions of the runs it repairs. Late rows: the
   * ids that appeared since the previous key set, or whose row was written after the previous run's
   * snapshot (its xmin, {@link SourceSnapshot}), or that the previous key set left unread, and that
   * this run did not read in its window, were written with a last_updated before the window (a
   * writer's clock behind, or a transaction open longer than the lookback): no window reads them.
   * When the table was read to the end of its window they are read by id into the entry; otherwise
   * they are kept in the key set as unread, for the run that completes the table.
   */
  private IngestManifest.Table reconcile(
      Connection c,
      SourceTable table,
      RunId run,
      String attempt,
      IngestManifest previous,
      IngestManifest.Table read,
      List<FileEntry> carriedDeletions,
      LateRows late)
      throws SQLException, IOException {
    SourceKeys.Read keys =
        SourceKeys.read(
            c, table, SourceSnapshot.parse(previous == null ? null : previous.sourceSnapshot()));
    RoaringBitmap now = keys.ids();
    String prefix = "_ids/" + run + "-" + attempt + "/";
    List<FileEntry> deletions = new ArrayList<>(carriedDeletions);
    long deleted = 0;
    SourceKeys.KeySet before = previousKeys(previous, table);
    RoaringBitmap stillGone = new RoaringBitmap();
    IngestManifest.Table entry = read;
    RoaringBitmap unread = new RoaringBitmap();
    if (before != null) {
      RoaringBitmap missed =
          RoaringBitmap.andNot(
              RoaringBitmap.and(
                  RoaringBitmap.or(
                      RoaringBitmap.andNot(now, before.ids()), before.unread(), keys.changed()),
                  now),
              late.read());
      if (!late.complete()) {
        unread = missed;
      } else if (!missed.isEmpty()) {
        ExtractTable.Result rows =
            late.reader()
                .extractIds(c, table, run, attempt, missed, entry.watermark(), late.clock());
        LOG.warnf(
            "extract run %s: %d row(s) of %s were inserted or changed since run %s with a"
                + " last_updated before this run's window (a writer's clock behind, or a"
                + " transaction open longer than the lookback): read by id%s",
            run,
            rows.entry().rows(),
            table.tableName(),
            previous.runId(),
            rows.entry().rows() == missed.getLongCardinality()
                ? ""
                : " (" + missed.getLongCardinality() + " ids expected)");
        entry = entry.withLateRows(rows.entry().files(), rows.entry().rows());
      }
    }
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
            new SourceKeys.KeySet(now, stillGone, unread));
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
          "key set of %s in run %s cannot be read (%s): rebuilding it from an earlier one",
          table.tableName(), previous.runId(), e.getMessage());
      SourceKeys.KeySet rebuilt = keySets.after(previous, table);
      if (rebuilt == null) {
        LOG.warnf(
            "key set of %s after run %s cannot be rebuilt (no earlier key set reads): deletes are"
                + " detected from the next run on",
            table.tableName(), previous.runId());
      }
      return rebuilt;
    }
  }
}
