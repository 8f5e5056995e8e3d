package com.totaltotes.pipeline.extract;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.run.RowProgress;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.source.SourceTable;
import com.totaltotes.pipeline.storage.ObjectStore;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.List;
import org.roaringbitmap.RoaringBitmap;

/**
 * The queries of one table in the run's snapshot: its rows in a window or by id (read by {@link
 * JsonLinesCopy}), and for a row cap the count of new rows and the position of the n-th.
 */
final class ExtractTable {
  private final JsonLinesCopy copy;

  ExtractTable(ObjectStore store, ObjectMapper mapper, ExtractConfig config, RowProgress progress) {
    this.copy = new JsonLinesCopy(store, mapper, config.bucket(), config.partRows(), progress);
  }

  /**
   * What one table's read gave: its manifest entry, the rows read after the window's position (the
   * lookback's re-read not counted), the largest position among them (null: none), whether the
   * deadline cut the read short, and the ids read.
   */
  record Result(
      IngestManifest.Table entry,
      long newRows,
      IngestManifest.Position readTo,
      boolean cut,
      RoaringBitmap ids) {}

  /** Tells a read to stop at the next part boundary (the invocation's time runs low). */
  interface Stop {
    boolean now();
  }

  /**
   * Reads the rows of {@code table} in {@code window} and writes them as parts of {@code run}. The
   * watermark is the largest last_updated read, or {@code previousWatermark} when nothing was read.
   *
   * <p>Rows come through {@code COPY (select …) TO STDOUT}, the server's fastest way out, in the
   * connection's transaction (so in its snapshot); each text field goes into the JSON as it is
   * (numbers keep their exact decimal text) or, for text, as its UTF-8 bytes. With a {@code stop}
   * the rows come in {@code (last_updated, id)} order, and when it says so the read ends after the
   * part being written: the result's {@code readTo} is then the exact position to continue after.
   */
  Result extract(
      Connection c, SourceTable table, RunId run, String attempt, ReadWindow window, Stop stop)
      throws SQLException, IOException {
    return copy.read(c, table, run, attempt, window, window.predicate(table), stop);
  }

  /**
   * Reads the rows of {@code table} whose ids are {@code ids}, whatever their last_updated, into
   * parts of their own ({@code <attempt>-late}): rows that appeared since the previous run's
   * snapshot but outside this run's window (inserted with a last_updated older than the window: a
   * writer's clock behind, or a transaction open longer than the lookback). The watermark stays
   * {@code watermark}: these rows say nothing about the window.
   */
  Result extractIds(
      Connection c,
      SourceTable table,
      RunId run,
      String attempt,
      RoaringBitmap ids,
      LocalDateTime watermark,
      LocalDateTime clock)
      throws SQLException, IOException {
    StringBuilder list = new StringBuilder();
    ids.forEach(
        (int id) ->
            list.append(list.length() == 0 ? "" : ",").append(Integer.toUnsignedString(id)));
    // the ids are integers of our own formatting; the id column comes from the allow-list; a
    // semi-join on the unnested array is hashed whatever the array's size (a rewritten table can
    // make it every id)
    String where = table.idColumn() + " in (select unnest('{" + list + "}'::bigint[]))";
    return copy.read(
        c,
        table,
        run,
        attempt + "-late",
        new ReadWindow(null, watermark, clock, List.of()),
        where,
        null);
  }

  /**
   * The most row versions written since the previous snapshot that the first scan of a table
   * collects ({@link #survey}); with more (a rewrite of the table), the key set reads them itself
   * and the window is read by its own conditions.
   */
  static final int WRITTEN_MAX = 100_000;

  /**
   * What the run's first scan of a table tells: the rows in the window's new positions dated no
   * later than the database clock (the lookback re-read and future-dated rows not counted: {@link
   * ReadWindow#presentRows}), every row of the table (which the key set takes again), the ids of
   * the row versions written since the previous snapshot's horizon, with those it did not see
   * (null: no snapshot to compare with, or more than {@link #WRITTEN_MAX}), and, for a window that
   * should read only such versions ({@link ReadWindow#writtenSinceHorizon}), the rows after its
   * position that are not (-1: not counted): 0 confirms what the rule foresaw; a row a deadline's
   * cut left unread (a future-dated one, after the last row the run before read) breaks it.
   */
  record Survey(long present, long rows, SourceKeys.Read written, long unwrittenNewRows) {
    /**
     * Whether the survey found every row after the window's position to be a version written since
     * the previous snapshot's horizon, and collected their ids: the window may be confined to them
     * ({@link ReadWindow#within}).
     */
    boolean confines() {
      return written != null && unwrittenNewRows == 0;
    }
  }

  /**
   * Surveys {@code table} in one scan: counts its rows in {@code window} and in all and, given the
   * previous run's snapshot {@code since} (null: none), collects the {@code id:xmin} of each row
   * version written since its horizon (the condition evaluated once per row), and counts the rows
   * after the window's position that are not such versions.
   */
  static Survey survey(Connection c, SourceTable table, ReadWindow window, SourceSnapshot since)
      throws SQLException {
    return survey(c, table, window, since, WRITTEN_MAX);
  }

  /** {@link #survey}, collecting at most {@code max} versions written since. */
  static Survey survey(
      Connection c, SourceTable table, ReadWindow window, SourceSnapshot since, int max)
      throws SQLException {
    String where = window.presentRows(table);
    boolean check = since != null && window.writtenSinceHorizon();
    String writtenSince = since == null ? null : SourceSnapshot.sqlWrittenSince(since.horizon());
    // identifiers from the SourceTable allow-list; the conditions are of our own values
    String sql =
        "select count(*)"
            + (where.isEmpty() ? "" : " filter (where " + where + ")")
            + ", count(*)"
            + (check
                ? ", count(*) filter (where "
                    + window.newRows(table)
                    + " and not ("
                    + writtenSince
                    + "))"
                : "")
            // as text ("id:xmin,…"), no JDBC array: nothing to register for a native image
            + (since == null
                ? ""
                : ", array_to_string((array_agg("
                    + table.idColumn()
                    + "::text || ':' || xmin::text) filter (where "
                    + writtenSince
                    + "))[1:"
                    + (max + 1)
                    + "], ',')")
            + " from "
            + table.tableName();
    try (PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      SourceKeys.Read written = null;
      long unwritten = check ? rs.getLong(3) : -1;
      if (since != null) {
        String pairs = rs.getString(check ? 4 : 3);
        String[] each = pairs == null ? new String[0] : pairs.split(",");
        written = each.length > max ? null : SourceKeys.written(table, since, each);
      }
      return new Survey(rs.getLong(1), rs.getLong(2), written, unwritten);
    }
  }

  /**
   * The position of the {@code n}-th row (1-based) of the window's new positions in {@code
   * (last_updated, id)} order; the sort carries the two key columns only.
   */
  static IngestManifest.Position nth(Connection c, SourceTable table, ReadWindow window, long n)
      throws SQLException {
    String where = window.presentRows(table);
    try (PreparedStatement ps =
        c.prepareStatement(
            "select last_updated, "
                + table.idColumn()
                + " from "
                + table.tableName()
                + (where.isEmpty() ? "" : " where " + where)
                + " order by last_updated, "
                + table.idColumn()
                + " offset ? limit 1")) {
      ps.setLong(1, n - 1);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException(
              "table " + table.tableName() + " has fewer than " + n + " rows in its window");
        }
        return new IngestManifest.Position(rs.getObject(1, LocalDateTime.class), rs.getLong(2));
      }
    }
  }
}
