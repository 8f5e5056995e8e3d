package com.totaltotes.pipeline.extract;

import com.totaltotes.pipeline.PipelineException;
import com.totaltotes.pipeline.SqlErrors;
import com.totaltotes.pipeline.credentials.ConnectionSource;
import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.manifest.ManifestStore;
import com.totaltotes.pipeline.run.Attempt;
import com.totaltotes.pipeline.run.Deadline;
import com.totaltotes.pipeline.run.RowProgress;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.source.SourceTable;
import com.totaltotes.pipeline.storage.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * One extract run: reads every totesys row changed since the previous run's watermarks (minus the
 * lookback) in one REPEATABLE READ, READ ONLY snapshot (shared by {@code workers} connections),
 * writes gzipped JSON Lines parts to the ingest bucket, and writes the run's manifest last. Never
 * overwrites or deletes an object.
 */
public final class ExtractJob {
  private static final Logger LOG = Logger.getLogger(ExtractJob.class);

  private final ConnectionSource source;
  private final ObjectStore store;
  private final JsonCodec json;
  private final Clock clock;
  private final ExtractConfig config;
  private final RowProgress progress;

  /** The window rules (pure). */
  private final TableWindows tableWindows;

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
   * that still verify (present, same bytes and checksum as their manifest says) are carried into
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
    List<RunId> runs = newest.listing().runs();
    IngestManifest previous = newest.manifest();
    RunId run = RunId.next(runs.isEmpty() ? null : runs.get(runs.size() - 1), started);
    String attempt = Attempt.next();
    LOG.infof(
        "extract run %s starting (previous run %s)%s",
        run,
        previous == null ? "none" : previous.runId(),
        repairs.isEmpty() ? "" : ", repairing " + repairs);
    Map<SourceTable, TableWindows.Repair> repair =
        RepairPlan.of(manifests, store, config.bucket(), tableWindows, runs, repairs);
    ExtractTable reader = new ExtractTable(store, json.mapper(), config, progress);
    TableKeys keys =
        new TableKeys(
            store,
            json.mapper(),
            config.bucket(),
            reader,
            new KeySetRebuild(store, json.mapper(), manifests, runs),
            run,
            attempt,
            previous);

    Snapshot read = readSnapshot(run, attempt, previous, repair, deadline, reader, keys);
    IngestManifest manifest =
        new IngestManifest(
            run.toString(),
            started,
            clock.instant(),
            config.lookback().toSeconds(),
            read.tables(),
            read.databaseClock(),
            repairs.stream().map(RunId::toString).toList(),
            read.snapshot().text());
    manifests.write(manifest);
    ExtractSummary summary =
        ExtractSummary.of(
            manifest,
            previous,
            read.drift().columnWarnings().size(),
            newest.listing().strayKeys().size(),
            restored.manifests(),
            keys.lost(),
            read.snapshotNotComparable());
    LOG.infof("extract summary %s", new String(json.write(summary), StandardCharsets.UTF_8));
    return summary;
  }

  /** What a run read in its snapshot: every table's entry, the clock, the snapshot, the drift. */
  private record Snapshot(
      List<IngestManifest.Table> tables,
      LocalDateTime databaseClock,
      SourceSnapshot snapshot,
      SourceContract.Drift drift,
      boolean snapshotNotComparable) {}

  /**
   * The run's reading, in one snapshot: checks the source's contract, plans and reads the tables
   * ({@link TableReads}), settles what each read leaves to the next run ({@link TableOutcomes}),
   * then adds every table's key set ({@link TableKeys}), read or not (deletes are facts about two
   * snapshots).
   */
  private Snapshot readSnapshot(
      RunId run,
      String attempt,
      IngestManifest previous,
      Map<SourceTable, TableWindows.Repair> repair,
      Deadline deadline,
      ExtractTable reader,
      TableKeys keys) {
    try (SnapshotReaders readers = new SnapshotReaders(source, config.workers())) {
      LocalDateTime databaseClock = databaseClock(readers.get(0));
      SourceSnapshot snapshot = SourceSnapshot.of(readers.get(0));
      SourceSnapshot kept =
          SourceSnapshot.parse(previous == null ? null : previous.sourceSnapshot());
      boolean notComparable = kept != null && !comparable(run, previous, kept, snapshot);
      SourceSnapshot since = notComparable ? null : kept;
      SourceContract.Drift drift = SourceContract.check(readers.get(0), source.describe());
      drift
          .columnWarnings()
          .forEach(w -> LOG.warnf("extract run %s: source schema drift: %s", run, w));
      if (!drift.otherTables().isEmpty()) {
        LOG.infof(
            "extract run %s: tables outside the pipeline's allow-list, ignored: %s",
            run, String.join(", ", drift.otherTables()));
      }
      Map<SourceTable, ReadWindow> windows = new EnumMap<>(SourceTable.class);
      for (SourceTable table : SourceTable.values()) {
        windows.put(
            table, tableWindows.window(table, previous, since, databaseClock, repair.get(table)));
      }
      TableReads reads =
          new TableReads(readers, run, attempt, source.describe(), config, reader, since);
      Map<SourceTable, TableOutcomes.Plan> plans = reads.plan(windows, deadline);
      Map<SourceTable, ExtractTable.Result> results = reads.read(plans, deadline);
      Map<SourceTable, TableOutcomes.Settled> settled =
          TableOutcomes.settle(tableWindows, plans, results, previous, databaseClock);
      List<IngestManifest.Table> tables =
          keys.addAll(
              readers,
              source.describe(),
              settled,
              results,
              repair,
              reads.surveys(),
              since,
              databaseClock);
      readers.commit();
      return new Snapshot(tables, databaseClock, snapshot, drift, notComparable);
    } catch (SQLException e) {
      throw PipelineException.transientFailure(
          "extract run " + run + " failed on " + source.describe() + ": " + SqlErrors.describe(e),
          e);
    }
  }

  /**
   * Whether this run may compare row versions with the previous run's snapshot {@code since} by
   * their 32-bit xmin ({@link SourceSnapshot#isRecentBefore}); when not (the source's transaction
   * counter went back or ran on too far), a warning: the run then reads its whole lookback and
   * every id, and finds no update behind its window, as a run after a manifest without a snapshot.
   */
  private static boolean comparable(
      RunId run, IngestManifest previous, SourceSnapshot since, SourceSnapshot now) {
    if (!since.isRecentBefore(now)) {
      LOG.warnf(
          "extract run %s: the source's transaction ids went from %s (run %s) to %s, back or"
              + " further than %d: this run cannot compare row versions with that run's by their"
              + " xmin, so it reads its whole lookback and every id, and finds no row written"
              + " behind its window (a restored or another cluster, or a long pause?)",
          run, since.text(), previous.runId(), now.text(), SourceSnapshot.RECENT_XIDS);
      return false;
    }
    return true;
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
}
