package com.totaltotes.pipeline.extract;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.totaltotes.pipeline.PipelineException;
import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.source.SourceTable;
import com.totaltotes.pipeline.storage.ObjectStore;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.roaringbitmap.RoaringBitmap;

/**
 * Each table's key set in the run's snapshot: reads the ids, compares them with the previous run's
 * key set ({@link KeyChanges}), reads the late rows by id, and writes the key set and the
 * deletions. A key set that is gone or unreadable is rebuilt from an earlier one ({@link
 * KeySetRebuild}).
 */
final class TableKeys {
  private static final Logger LOG = Logger.getLogger(TableKeys.class);

  private final ObjectStore store;
  private final ObjectMapper mapper;
  private final String bucket;
  private final ExtractTable reader;
  private final KeySetRebuild rebuild;
  private final RunId run;
  private final String attempt;
  private final IngestManifest previous;

  /** The key sets of run {@code run} ({@code attempt}), after {@code previous} (null: none). */
  TableKeys(
      ObjectStore store,
      ObjectMapper mapper,
      String bucket,
      ExtractTable reader,
      KeySetRebuild rebuild,
      RunId run,
      String attempt,
      IngestManifest previous) {
    this.store = store;
    this.mapper = mapper;
    this.bucket = bucket;
    this.reader = reader;
    this.rebuild = rebuild;
    this.run = run;
    this.attempt = attempt;
    this.previous = previous;
  }

  /**
   * Every table's entry ({@code settled}) with its key set, in {@link SourceTable} order: read on
   * the snapshot's connections, for every table read or not (deletes are facts about two
   * snapshots).
   */
  List<IngestManifest.Table> addAll(
      SnapshotReaders readers,
      String source,
      Map<SourceTable, TableOutcomes.Settled> settled,
      Map<SourceTable, ExtractTable.Result> results,
      Map<SourceTable, TableWindows.Repair> repair,
      Map<SourceTable, ExtractTable.Survey> surveys,
      SourceSnapshot since,
      LocalDateTime clock) {
    Map<SourceTable, IngestManifest.Table> done = new ConcurrentHashMap<>();
    ParallelTables.run(
        readers,
        run,
        source,
        TableReads.LARGEST_FIRST,
        false,
        (c, table) -> {
          long t0 = System.nanoTime();
          TableOutcomes.Settled s = settled.get(table);
          if (s.note() != null) {
            LOG.infof("extract run %s: %s", run, s.note());
          }
          TableWindows.Repair r = repair.get(table);
          IngestManifest.Table entry =
              reconcile(
                  c,
                  table,
                  s.entry(),
                  new Read(
                      s.outcome() == TableOutcomes.Outcome.NOT_READ
                          ? new RoaringBitmap()
                          : results.get(table).ids(),
                      s.outcome() == TableOutcomes.Outcome.COMPLETE,
                      clock,
                      r == null ? List.of() : r.deletions(),
                      surveys.get(table),
                      since));
          done.put(table, entry);
          LOG.infof(
              "extract run %s table %s: %s, %d rows left; key set of %d ids (%d deleted) in %d"
                  + " ms%s",
              run,
              table.tableName(),
              s.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' '),
              entry.backlogRows(),
              entry.ids().rows(),
              entry.deletedRows(),
              (System.nanoTime() - t0) / 1_000_000,
              entry.carriedFiles() == 0
                  ? ""
                  : ", " + entry.carriedFiles() + " files carried from repaired runs");
          return true;
        });
    return Arrays.stream(SourceTable.values()).map(done::get).toList();
  }

  /**
   * What the run knows of a table's read when its key set is taken: the ids it read in its window
   * (and kept), whether it read the window to the end, the snapshot's database clock, the deletions
   * a repair carries over, what the run's first scan of the table told (null: not scanned), and the
   * previous run's snapshot (null: none, or not one to compare with).
   */
  record Read(
      RoaringBitmap ids,
      boolean complete,
      LocalDateTime clock,
      List<FileEntry> carriedDeletions,
      ExtractTable.Survey survey,
      SourceSnapshot since) {}

  /**
   * {@code entry} with the table's key set, and the ids deleted (or there again) since the previous
   * run's key set. The missed ids ({@link KeyChanges#missed}) are read by id into the entry when
   * the table was read to the end of its window; otherwise they are kept in the key set as unread,
   * for the run that completes the table.
   */
  private IngestManifest.Table reconcile(
      Connection c, SourceTable table, IngestManifest.Table entry, Read read)
      throws SQLException, IOException {
    SourceSnapshot since = read.since();
    PreviousKeys prior = previousKeys(table);
    SourceKeys.KeySet before = prior == null ? null : prior.keys();
    // the previous key set as stored holds the ids of the previous snapshot: only the rows written
    // since need leave the server (the run's first scan collected them, unless there were too
    // many), unless rows were deleted (a run's cost then follows the changes, not the table's size)
    SourceKeys.Read keys = null;
    if (prior != null && prior.asStored() && since != null && before.unread().isEmpty()) {
      ExtractTable.Survey survey = read.survey();
      keys =
          survey != null && survey.written() != null
              ? SourceKeys.since(before.ids(), survey.written(), survey.rows())
              : SourceKeys.readSince(
                  c, table, since, before.ids(), survey == null ? null : survey.rows());
    }
    if (keys == null) {
      keys = SourceKeys.read(c, table, since);
    } else {
      LOG.debugf(
          "extract run %s table %s: %d new id(s) since run %s and none deleted: only the rows"
              + " written since were read",
          run,
          table.tableName(),
          keys.ids().getLongCardinality() - before.ids().getLongCardinality(),
          previous.runId());
    }
    KeyChanges changes = KeyChanges.of(keys.ids(), before, keys.changed(), read.ids());
    RoaringBitmap unread = read.complete() ? new RoaringBitmap() : changes.missed();
    if (read.complete() && !changes.missed().isEmpty()) {
      ExtractTable.Result late =
          reader.extractIds(
              c, table, run, attempt, changes.missed(), entry.watermark(), read.clock());
      long expected = changes.missed().getLongCardinality();
      LOG.warnf(
          "extract run %s: %d row(s) of %s were inserted or changed since run %s with a"
              + " last_updated before this run's window (a writer's clock behind, or a"
              + " transaction open longer than the lookback): read by id%s",
          run,
          late.entry().rows(),
          table.tableName(),
          previous.runId(),
          late.entry().rows() == expected ? "" : " (" + expected + " ids expected)");
      entry = entry.withLateRows(late.entry().files(), late.entry().rows());
    }
    String prefix = "_ids/" + run + "-" + attempt + "/" + table.tableName();
    List<FileEntry> deletions = new ArrayList<>(read.carriedDeletions());
    long deleted = changes.gone().getLongCardinality();
    if (before != null) {
      FileEntry written =
          SourceKeys.writeChanges(
              store,
              mapper,
              bucket,
              prefix + ".deletions.jsonl.gz",
              changes.gone(),
              changes.appeared());
      if (written != null) {
        deletions.add(written);
      }
      if (deleted > 0) {
        LOG.infof(
            "extract run %s: %d row(s) of %s deleted in the source since run %s",
            run, deleted, table.tableName(), previous.runId());
      }
    }
    FileEntry ids =
        SourceKeys.write(
            store,
            bucket,
            prefix + ".roaring.gz",
            new SourceKeys.KeySet(keys.ids(), changes.stillGone(), unread));
    return entry.withKeys(ids, new IngestManifest.Deletions(deleted, deletions));
  }

  /** The key sets this run found lost (each rebuilt from an earlier one when it could be). */
  int lost() {
    return rebuild.lost();
  }

  /**
   * The previous run's key set of a table: as stored, or rebuilt from an earlier one ({@code
   * asStored} false: not the ids of the previous snapshot).
   */
  private record PreviousKeys(SourceKeys.KeySet keys, boolean asStored) {}

  /**
   * The previous run's key set of the table, or null when it has none or it can be neither read nor
   * rebuilt.
   */
  private PreviousKeys previousKeys(SourceTable table) {
    IngestManifest.Table entry = previous == null ? null : previous.table(table.tableName());
    if (entry == null || entry.ids() == null) {
      return null;
    }
    try {
      return new PreviousKeys(SourceKeys.read(store, bucket, entry.ids()), true);
    } catch (PipelineException e) {
      if (!e.permanent()) {
        throw e;
      }
      LOG.warnf(
          "key set of %s in run %s cannot be read (%s): rebuilding it from an earlier one",
          table.tableName(), previous.runId(), e.getMessage());
      SourceKeys.KeySet rebuilt = rebuild.after(previous, table);
      if (rebuilt == null) {
        LOG.warnf(
            "key set of %s after run %s cannot be rebuilt (no earlier key set reads): deletes are"
                + " detected from the next run on",
            table.tableName(), previous.runId());
        return null;
      }
      return new PreviousKeys(rebuilt, false);
    }
  }
}
