package com.totaltotes.pipeline.load;

import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.run.RunId;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The {@code load_ledger} table: one row per processed run done. A loaded run's row is written in
 * the run's own transaction, so it is there exactly when the run's rows are in the warehouse; a run
 * set aside gets a row with status {@code set_aside} and its reason, and no rows anywhere else.
 */
public final class LoadLedger {
  private final JsonCodec json;

  LoadLedger(JsonCodec json) {
    this.json = json;
  }

  /** Every run id in the ledger, loaded or set aside (one row per run: small). */
  public static Set<String> loadedRuns(Connection c) throws SQLException {
    return runsFrom(c, 0);
  }

  /**
   * Whether the warehouse holds the rows of run {@code runId} (status loaded); false when the
   * warehouse has no ledger yet (nothing was ever loaded into it).
   */
  public static boolean holdsRowsOf(Connection c, String runId) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement("select to_regclass('load_ledger') is not null");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      if (!rs.getBoolean(1)) {
        return false;
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement("select 1 from load_ledger where run_id = ? and status = 'loaded'")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /**
   * The newest run whose rows are loaded (by seq), or null when none is: where the load's listing
   * of the processed bucket starts (issue 26: what the new runs need, not the history). Set-aside
   * runs do not count: a garbage object named like a far-later run is set aside, and must not hide
   * the real runs before its seq.
   */
  public static RunId newestLoadedRun(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement("select max(run_id) from load_ledger where status = 'loaded'");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      String run = rs.getString(1);
      return run != null && RunId.isRunId(run) ? RunId.parse(run) : null;
    }
  }

  /** The run ids in the ledger, loaded or set aside, whose seq is {@code fromSeq} or later. */
  public static Set<String> runsFrom(Connection c, long fromSeq) throws SQLException {
    Set<String> runs = new HashSet<>();
    try (PreparedStatement ps =
        c.prepareStatement("select run_id from load_ledger where run_id >= ?")) {
      ps.setString(1, String.format("%08d", Math.max(0, fromSeq)));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          runs.add(rs.getString(1));
        }
      }
    }
    return runs;
  }

  /** Whether the run is loaded. */
  boolean contains(Connection c, RunId run) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("select 1 from load_ledger where run_id = ?")) {
      ps.setString(1, run.toString());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Records the run as loaded, with what it did to each table. */
  void record(Connection c, RunId run, String sourceRun, Map<String, TableCounts> counts)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into load_ledger (run_id, source_run, rows_per_table, run_started_at)"
                + " values (?, ?, ?::jsonb, ?)")) {
      ps.setString(1, run.toString());
      ps.setString(2, sourceRun);
      ps.setString(3, new String(json.write(counts), StandardCharsets.UTF_8));
      ps.setObject(4, run.startedAt().atOffset(ZoneOffset.UTC));
      ps.executeUpdate();
    }
  }

  /**
   * Records the run as set aside (nothing of it loaded) with the reason, in its own transaction;
   * returns false when the run is already in the ledger (a concurrent invocation got there first).
   */
  boolean recordSetAside(Connection c, RunId run, String reason) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into load_ledger (run_id, source_run, rows_per_table, status, reason,"
                + " run_started_at) values (?, ?, '{}'::jsonb, 'set_aside', ?, ?) on conflict"
                + " (run_id) do nothing")) {
      ps.setString(1, run.toString());
      ps.setString(2, run.toString());
      ps.setString(3, reason);
      ps.setObject(4, run.startedAt().atOffset(ZoneOffset.UTC));
      return ps.executeUpdate() == 1;
    }
  }

  /**
   * The start of the newest run whose rows are loaded (null: none yet), for the freshness metric.
   */
  Instant newestLoadedRunStart(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement(
                "select max(coalesce(run_started_at, loaded_at)) from load_ledger where status ="
                    + " 'loaded'");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      OffsetDateTime t = rs.getObject(1, OffsetDateTime.class);
      return t == null ? null : t.toInstant();
    }
  }
}
