package com.totaltotes.pipeline.load;

import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.run.RunId;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The {@code load_ledger} table: one row per processed run loaded, written in the run's own
 * transaction, so a run is in the ledger exactly when its rows are in the warehouse.
 */
final class LoadLedger {
  private final JsonCodec json;

  LoadLedger(JsonCodec json) {
    this.json = json;
  }

  /** Every run id loaded so far (one row per run: small). */
  Set<String> loadedRuns(Connection c) throws SQLException {
    Set<String> runs = new HashSet<>();
    try (PreparedStatement ps = c.prepareStatement("select run_id from load_ledger");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        runs.add(rs.getString(1));
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
    try (PreparedStatement ps = c.prepareStatement(
        "insert into load_ledger (run_id, source_run, rows_per_table) values (?, ?, ?::jsonb)")) {
      ps.setString(1, run.toString());
      ps.setString(2, sourceRun);
      ps.setString(3, new String(json.write(counts), StandardCharsets.UTF_8));
      ps.executeUpdate();
    }
  }
}
