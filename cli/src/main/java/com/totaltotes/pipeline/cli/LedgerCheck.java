package com.totaltotes.pipeline.cli;

import com.totaltotes.pipeline.PipelineException;
import com.totaltotes.pipeline.credentials.ConnectionSource;
import com.totaltotes.pipeline.run.RunId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Guards against runs that the loader would never load. The loader takes the runs after the newest
 * seq in the warehouse's {@code load_ledger}; runs from another chain (a fresh work dir, another
 * store) whose seqs are not above it are silently passed over. After a load, the newest processed
 * run of the bucket must therefore be in the ledger; if it is not, this fails loudly instead.
 */
final class LedgerCheck {
  private final ConnectionSource warehouse;

  LedgerCheck(ConnectionSource warehouse) {
    this.warehouse = warehouse;
  }

  /**
   * @param bucket the processed bucket just loaded
   * @param newest its newest processed run, or null when it has none
   * @throws PipelineException (permanent) when the warehouse has not loaded {@code newest}
   */
  void requireLoaded(String bucket, RunId newest) {
    if (newest == null) {
      return;
    }
    try (Connection c = warehouse.open();
        PreparedStatement ps = c.prepareStatement(
            "select max(run_id), bool_or(run_id = ?) from load_ledger")) {
      ps.setString(1, newest.toString());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        String newestLoaded = rs.getString(1);
        if (!rs.getBoolean(2)) {
          throw new PipelineException("warehouse " + warehouse.describe() + " has not loaded run "
              + newest + " of bucket '" + bucket + "': its load ledger already goes up to run "
              + newestLoaded + " of another chain of runs (another work dir or store), and runs"
              + " load strictly by seq. Use the work dir that loaded this warehouse, or an empty"
              + " warehouse.", true);
        }
      }
    } catch (SQLException e) {
      throw new PipelineException("cannot read the load ledger of warehouse " + warehouse.describe()
          + " (SQLState " + e.getSQLState() + ")", false, e);
    }
  }
}
