package com.totaltotes.pipeline.extract;

import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.source.SourceTable;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * What one table's read covers. A fresh read: rows with last_updated after {@code since} (all when
 * null). A continuation: rows after the position {@code after} in {@code (last_updated, id)} order,
 * and again the rows up to it with last_updated after {@code rereadFrom} (the lookback: rows
 * committed late behind the position). Either up to the position {@code upTo} (null: to the end).
 * Also: the previous run's watermark, no later than the clock; the database's clock at the
 * snapshot, past which no watermark moves; and the files a repair run carries over from the run it
 * repairs (listed first).
 *
 * <p>{@code rereadHorizon} (null: none) narrows the re-read to the row versions an earlier run
 * cannot have read: when the run before read the table to its end in a window that held every row
 * of this re-read, in a snapshot whose {@code xmin} (its oldest transaction still running, 32 bits,
 * as {@link SourceSnapshot#horizon}) was this, a version behind the position written by a
 * transaction older than it was visible to that run, so that run extracted it; only the others
 * (written since, or by a transaction running then) are read again. Without it the lookback read
 * its whole window again every run, and a window full of unchanged rows (a bulk load's shared
 * timestamp) was extracted, transformed and loaded again every cycle.
 */
record ReadWindow(
    LocalDateTime since,
    IngestManifest.Position after,
    IngestManifest.Position upTo,
    LocalDateTime rereadFrom,
    Long rereadHorizon,
    LocalDateTime previousWatermark,
    LocalDateTime clock,
    List<FileEntry> carried) {
  ReadWindow {
    carried = List.copyOf(carried);
  }

  /** A window read from {@code since} to the end, as before bounded runs. */
  ReadWindow(
      LocalDateTime since,
      LocalDateTime previousWatermark,
      LocalDateTime clock,
      List<FileEntry> carried) {
    this(since, null, null, null, null, previousWatermark, clock, carried);
  }

  ReadWindow upTo(IngestManifest.Position end) {
    return new ReadWindow(
        since, after, end, rereadFrom, rereadHorizon, previousWatermark, clock, carried);
  }

  /** The SQL condition of the new positions (empty: every row). */
  String newRows(SourceTable table) {
    List<String> terms = new ArrayList<>();
    if (after != null) {
      terms.add(key(table) + " > " + literal(after));
    } else if (since != null) {
      terms.add("last_updated > " + literal(since));
    }
    if (upTo != null) {
      terms.add(key(table) + " <= " + literal(upTo));
    }
    return String.join(" and ", terms);
  }

  /**
   * The SQL condition of the new positions dated no later than the database clock: what a row cap
   * counts and cuts. A future-dated row is read again by every run until its time comes, so it is
   * neither counted against the cap nor a place to stop (a cap inside future-dated rows would leave
   * the position where it was, and a bounded catch-up would never end).
   */
  String presentRows(SourceTable table) {
    String fresh = newRows(table);
    if (clock == null) {
      return fresh;
    }
    String present = "last_updated <= " + literal(clock);
    return fresh.isEmpty() ? present : fresh + " and " + present;
  }

  /** The SQL condition of every row read (empty: every row). */
  String predicate(SourceTable table) {
    String fresh = newRows(table);
    if (after == null || rereadFrom == null || !rereadFrom.isBefore(after.lastUpdated())) {
      return fresh;
    }
    return "("
        + fresh
        + ") or (last_updated > "
        + literal(rereadFrom)
        + " and "
        + key(table)
        + " <= "
        + literal(after)
        + (rereadHorizon == null ? "" : " and " + SourceSnapshot.sqlWrittenSince(rereadHorizon))
        + ")";
  }

  /**
   * {@link #newRows}'s condition in Java, for a row at {@code (lastUpdated, id)}: the planners'
   * unit tests run the window rules on rows in memory, and {@code BoundedExtractIntegrationTest}
   * checks that PostgreSQL selects the same rows with the SQL.
   */
  boolean isNew(LocalDateTime lastUpdated, long id) {
    if (after != null
        ? compare(lastUpdated, id, after) <= 0
        : since != null && !lastUpdated.isAfter(since)) {
      return false;
    }
    return upTo == null || compare(lastUpdated, id, upTo) <= 0;
  }

  /** {@link #presentRows}'s condition in Java. */
  boolean isPresent(LocalDateTime lastUpdated, long id) {
    return isNew(lastUpdated, id) && (clock == null || !lastUpdated.isAfter(clock));
  }

  /**
   * {@link #predicate}'s condition in Java: whether this window reads the row version at {@code
   * (lastUpdated, id)} written by transaction {@code xmin} (32 bits, as the column reads).
   */
  boolean reads(LocalDateTime lastUpdated, long id, int xmin) {
    return isNew(lastUpdated, id)
        || (after != null
            && rereadFrom != null
            && rereadFrom.isBefore(after.lastUpdated())
            && lastUpdated.isAfter(rereadFrom)
            && compare(lastUpdated, id, after) <= 0
            && (rereadHorizon == null || SourceSnapshot.writtenSince(xmin, rereadHorizon)));
  }

  /** A row's position against {@code p} in {@code (last_updated, id)} order. */
  private static int compare(LocalDateTime lastUpdated, long id, IngestManifest.Position p) {
    int byTime = lastUpdated.compareTo(p.lastUpdated());
    return byTime != 0 ? byTime : Long.compare(id, p.id());
  }

  private static String key(SourceTable table) {
    return "(last_updated, " + table.idColumn() + ")";
  }

  private static String literal(LocalDateTime t) {
    return "'" + Timestamps.timestamp(t) + "'::timestamp";
  }

  private static String literal(IngestManifest.Position p) {
    return "(" + literal(p.lastUpdated()) + ", " + p.id() + ")";
  }
}
