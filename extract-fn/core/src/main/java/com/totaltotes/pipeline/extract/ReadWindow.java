package com.totaltotes.pipeline.extract;

import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.source.SourceTable;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.roaringbitmap.RoaringBitmap;

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
 *
 * <p>{@code writtenSinceHorizon}: every row version this window reads, new or re-read, was written
 * since {@code rereadHorizon}, as the rules foresee when the run before also read the table to its
 * end and saw no row dated after its clock: every version it saw then lies at or before its
 * position, so one after it now was written since. The run's first scan of the table collects the
 * ids of those versions and checks that no other row lies after the position (a deadline's cut can
 * leave one); only then does {@link #within} confine the read to them ({@code within}, null: no
 * confinement), which the primary key serves: a cycle then scans the table once, not three times.
 */
record ReadWindow(
    LocalDateTime since,
    IngestManifest.Position after,
    IngestManifest.Position upTo,
    LocalDateTime rereadFrom,
    Long rereadHorizon,
    LocalDateTime previousWatermark,
    LocalDateTime clock,
    List<FileEntry> carried,
    boolean writtenSinceHorizon,
    RoaringBitmap within) {
  ReadWindow {
    carried = List.copyOf(carried);
  }

  /** A window read from {@code since} to the end, as before bounded runs. */
  ReadWindow(
      LocalDateTime since,
      LocalDateTime previousWatermark,
      LocalDateTime clock,
      List<FileEntry> carried) {
    this(since, null, null, null, null, previousWatermark, clock, carried, false, null);
  }

  ReadWindow upTo(IngestManifest.Position end) {
    return new ReadWindow(
        since,
        after,
        end,
        rereadFrom,
        rereadHorizon,
        previousWatermark,
        clock,
        carried,
        writtenSinceHorizon,
        within);
  }

  /**
   * This window confined to the rows whose ids are {@code ids}: the ids of every version written
   * since the horizon, when this window reads only such versions ({@link #writtenSinceHorizon}).
   * The rows read are the same; the server finds them by primary key instead of scanning.
   */
  ReadWindow within(RoaringBitmap ids) {
    if (!writtenSinceHorizon) {
      throw new IllegalStateException("a window that may read older versions cannot be confined");
    }
    return new ReadWindow(
        since,
        after,
        upTo,
        rereadFrom,
        rereadHorizon,
        previousWatermark,
        clock,
        carried,
        true,
        ids);
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
      return confined(table, fresh);
    }
    String present = "last_updated <= " + literal(clock);
    return confined(table, fresh.isEmpty() ? present : fresh + " and " + present);
  }

  /** The SQL condition of every row read (empty: every row). */
  String predicate(SourceTable table) {
    String fresh = newRows(table);
    if (after == null || rereadFrom == null || !rereadFrom.isBefore(after.lastUpdated())) {
      return confined(table, fresh);
    }
    return confined(
        table,
        "("
            + fresh
            + ") or (last_updated > "
            + literal(rereadFrom)
            + " and "
            + key(table)
            + " <= "
            + literal(after)
            + (rereadHorizon == null ? "" : " and " + SourceSnapshot.sqlWrittenSince(rereadHorizon))
            + ")");
  }

  /**
   * {@code condition} (empty: every row) confined to the ids {@link #within} holds, first, so that
   * the server looks them up by primary key; the ids are integers of our own formatting.
   */
  private String confined(SourceTable table, String condition) {
    if (within == null) {
      return condition;
    }
    if (within.isEmpty()) {
      return "false";
    }
    StringBuilder ids = new StringBuilder(table.idColumn()).append(" = any('{");
    within.forEach(
        (int id) -> ids.append(ids.charAt(ids.length() - 1) == '{' ? "" : ",").append(id));
    ids.append("}'::bigint[])");
    return condition.isEmpty() ? ids.toString() : ids + " and (" + condition + ")";
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
    return isNew(lastUpdated, id) && (clock == null || !lastUpdated.isAfter(clock)) && isWithin(id);
  }

  private boolean isWithin(long id) {
    return within == null || (id >= 0 && id <= Integer.MAX_VALUE && within.contains((int) id));
  }

  /**
   * {@link #predicate}'s condition in Java: whether this window reads the row version at {@code
   * (lastUpdated, id)} written by transaction {@code xmin} (32 bits, as the column reads).
   */
  boolean reads(LocalDateTime lastUpdated, long id, int xmin) {
    return isWithin(id)
        && (isNew(lastUpdated, id)
            || (after != null
                && rereadFrom != null
                && rereadFrom.isBefore(after.lastUpdated())
                && lastUpdated.isAfter(rereadFrom)
                && compare(lastUpdated, id, after) <= 0
                && (rereadHorizon == null || SourceSnapshot.writtenSince(xmin, rereadHorizon))));
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
