package com.totaltotes.pipeline.extract;

import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.source.SourceTable;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The window rules of the extract (a pure planner: no database, no bucket), the one class that
 * reads and writes a table's {@link IngestManifest.Checkpoint}: what each table reads in a run,
 * given the run before's checkpoint, the database clock of this run's snapshot and what a repair
 * adds; the checkpoint a table read leaves; and what a table this run does not read carries to the
 * next. Unit-tested in {@code TableWindowsTest}.
 */
final class TableWindows {
  private final Duration lookback;

  TableWindows(Duration lookback) {
    this.lookback = lookback;
  }

  /**
   * What a repair adds to one table: the earliest window start (null: every row), and the files and
   * deletions carried over.
   */
  record Repair(LocalDateTime since, List<FileEntry> carried, List<FileEntry> deletions) {
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
  static LocalDateTime earliest(LocalDateTime a, LocalDateTime b) {
    return a == null || b == null ? null : a.isBefore(b) ? a : b;
  }

  /**
   * The window of {@code table} in this run. With a position (the usual case): the rows after it,
   * and again, when the run before read the table to its end, those up to it with last_updated
   * after its watermark minus the lookback (rows committed late behind the position). Without one
   * (the first run, a manifest written before bounded runs): the rows after the previous watermark
   * minus the lookback, all when there is none. A repair starts the table afresh from the earliest
   * of that and the repaired run's start. {@code previousSnapshot} is the run before's snapshot
   * when this run may compare row versions with it (null: none).
   */
  ReadWindow window(
      SourceTable table,
      IngestManifest previous,
      SourceSnapshot previousSnapshot,
      LocalDateTime databaseClock,
      Repair repair) {
    IngestManifest.Table entry = previous == null ? null : previous.table(table.tableName());
    LocalDateTime previousWatermark = entry == null ? null : entry.watermark();
    // a watermark written before the clock cap may lie in the future: it counts as the clock
    if (previousWatermark != null && previousWatermark.isAfter(databaseClock)) {
      previousWatermark = databaseClock;
    }
    List<FileEntry> carried = repair == null ? List.of() : repair.carried();
    IngestManifest.Position after = entry == null ? null : entry.readTo();
    boolean broughtBack = after != null && after.lastUpdated().isAfter(databaseClock);
    if (broughtBack) {
      // a position later than this snapshot's clock: set by a future-dated row before the clock
      // cap, or the source's clock went back (a DST fall-back of --source-time-zone): the rows
      // after the (capped) watermark are the new ones, and the lookback re-reads behind it
      after =
          new IngestManifest.Position(
              previousWatermark != null ? previousWatermark : databaseClock, Long.MAX_VALUE);
    }
    if (after != null && repair == null) {
      // a table the run before left unfinished (a row cap, a deadline) is continued from its
      // position alone: rows written behind the position since then are found by the key sets
      // (their xmin is after the previous snapshot) and read by id by the run that completes the
      // table, so a backlog or a tie group is not read again run after run (issue 27). The lookback
      // re-read stays for a table read to its end, and where there is no key set to rely on.
      boolean continuing =
          entry.backlogRows() > 0 && entry.ids() != null && previousSnapshot != null;
      LocalDateTime rereadFrom =
          continuing ? null : broughtBack ? after.lastUpdated().minus(lookback) : rereadFrom(entry);
      Long horizon =
          continuing || broughtBack
              ? null
              : rereadHorizon(previous, previousSnapshot, entry, rereadFrom);
      // that run read the table to its end and saw no row dated after its clock, so every version
      // it saw should lie at or before its position, and one after it now be written since the
      // horizon; a deadline's cut can leave an older future-dated row unread with nothing counted,
      // so the run's first scan checks it before the window is confined (TableReads)
      boolean writtenSince = horizon != null && entry.futureRows() == 0;
      return new ReadWindow(
          continuing ? justBefore(after) : earliest(rereadFrom, justBefore(after)),
          after,
          null,
          rereadFrom,
          horizon,
          previousWatermark,
          databaseClock,
          carried,
          writtenSince,
          null);
    }
    LocalDateTime since = restartSince(entry);
    if (repair != null) {
      since = earliest(since, repair.since());
    }
    return new ReadWindow(since, previousWatermark, databaseClock, carried);
  }

  /**
   * The horizon of the lookback re-read ({@link ReadWindow#rereadHorizon}): the previous snapshot's
   * xmin when the run before read this table, to its end, in a window that held every row this
   * re-read covers (its window started no later than {@code rereadFrom}: a first read, a read with
   * its own re-read); every version in the re-read that snapshot saw was then read by it. Null
   * otherwise: a table that run did not read (its checkpoint is an older run's), a table it
   * continued from its position alone, or no snapshot to compare with; the whole lookback is read
   * again.
   */
  private static Long rereadHorizon(
      IngestManifest previous,
      SourceSnapshot since,
      IngestManifest.Table entry,
      LocalDateTime rereadFrom) {
    boolean readByThePreviousRun =
        entry.readAt() != null && entry.readAt().equals(previous.databaseClock());
    boolean coveredByItsWindow = entry.since() == null || !entry.since().isAfter(rereadFrom);
    if (since == null || entry.backlogRows() > 0 || !readByThePreviousRun || !coveredByItsWindow) {
      return null;
    }
    return since.horizon();
  }

  /**
   * Where the lookback re-read behind a table's position starts: its watermark minus the lookback
   * (docs/CONTRACT.md, Extract; the watermark is never later than the clock of the snapshot that
   * set it, so this also covers every row that snapshot missed because it committed later, within
   * the lookback).
   */
  private LocalDateTime rereadFrom(IngestManifest.Table entry) {
    LocalDateTime from = entry.watermark();
    if (from == null) {
      from = entry.readAt() == null ? entry.readTo().lastUpdated() : entry.readAt();
    }
    return from.minus(lookback);
  }

  /** A time before every row at the position's last_updated (timestamps are milliseconds). */
  static LocalDateTime justBefore(IngestManifest.Position p) {
    return p.lastUpdated().minusNanos(1_000_000);
  }

  /**
   * The checkpoint of a table this run read and kept: its watermark, its largest position read
   * ({@code readTo}; the window's position when it read no new row), this snapshot's clock, and the
   * rows it left of its window ({@code backlogRows}, 0 when read to the end).
   */
  IngestManifest.Checkpoint read(
      ReadWindow window,
      LocalDateTime watermark,
      IngestManifest.Position readTo,
      LocalDateTime databaseClock,
      long backlogRows) {
    return new IngestManifest.Checkpoint(
        watermark, readTo != null ? readTo : window.after(), databaseClock, backlogRows, null);
  }

  /**
   * The entry of a table this run did not read (or did not keep): the next run must read all that
   * this run's window held. A window from the previous position or watermark keeps the previous
   * state; a window a repair widened (or started afresh) becomes the position just before its
   * start.
   */
  IngestManifest.Table carried(
      SourceTable table, ReadWindow window, IngestManifest previous, long pending) {
    IngestManifest.Table before = previous == null ? null : previous.table(table.tableName());
    long carriedRows = window.carried().stream().mapToLong(FileEntry::rows).sum();
    IngestManifest.Position readTo;
    LocalDateTime readAt;
    LocalDateTime watermark = window.previousWatermark();
    boolean usual =
        window.after() != null
            || (before != null
                && before.readTo() == null
                && java.util.Objects.equals(window.since(), restartSince(before)));
    if (usual) {
      readTo = before == null ? null : before.readTo();
      readAt = before == null ? null : before.readAt();
    } else if (window.since() == null) {
      readTo = null; // every row, again
      readAt = null;
      watermark = null;
    } else {
      // (since, 0) is before every row with last_updated = since: the next run reads them all
      readTo = new IngestManifest.Position(window.since(), 0);
      readAt = window.since().plus(lookback);
    }
    return new IngestManifest.Table(
        table.tableName(),
        window.since(),
        new IngestManifest.Read(carriedRows, window.carried(), window.carried().size(), 0, 0),
        new IngestManifest.Checkpoint(watermark, readTo, readAt, Math.max(0, pending), null),
        IngestManifest.Deletions.NONE);
  }

  /**
   * Where a table must be read from again, by last_updated, to cover everything after the state
   * {@code entry} records: before its position and the position's lookback when it has one, else
   * its watermark minus the lookback; null: every row.
   */
  LocalDateTime restartSince(IngestManifest.Table entry) {
    if (entry == null) {
      return null;
    }
    if (entry.readTo() != null) {
      return earliest(rereadFrom(entry), justBefore(entry.readTo()));
    }
    return entry.watermark() == null ? null : entry.watermark().minus(lookback);
  }
}
