package com.totaltotes.pipeline.extract;

import com.totaltotes.pipeline.PipelineException;
import com.totaltotes.pipeline.SqlErrors;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.run.Workers;
import com.totaltotes.pipeline.source.SourceTable;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The extract's parallel table work: one worker per connection of the snapshot, each taking the
 * next table from a shared queue, in reference order when asked.
 */
final class ParallelTables {
  private ParallelTables() {}

  /** One step of a table's work, on one of the snapshot's connections. */
  interface TableTask {
    /** Does the work; returns whether the table ended complete (read to the end of its window). */
    boolean run(Connection c, SourceTable table) throws SQLException, IOException;
  }

  /**
   * The tables still to hand out to the snapshot's connections. With {@code referencesFirst}, a
   * table is handed out only once every table it references ended complete, and is dropped when one
   * did not; otherwise in the given order.
   */
  private static final class TableQueue implements Workers.Queue<SourceTable, Boolean> {
    private final List<SourceTable> waiting;
    private final boolean referencesFirst;
    private final java.util.Set<SourceTable> complete = java.util.EnumSet.noneOf(SourceTable.class);
    private final java.util.Set<SourceTable> incomplete =
        java.util.EnumSet.noneOf(SourceTable.class);

    TableQueue(List<SourceTable> order, boolean referencesFirst) {
      this.waiting = new ArrayList<>(order);
      this.referencesFirst = referencesFirst;
    }

    @Override
    public synchronized SourceTable next() throws InterruptedException {
      while (!waiting.isEmpty()) {
        for (java.util.Iterator<SourceTable> it = waiting.iterator(); it.hasNext(); ) {
          SourceTable table = it.next();
          java.util.Set<SourceTable> refs =
              referencesFirst ? table.references() : java.util.Set.of();
          if (refs.stream().anyMatch(incomplete::contains)) {
            it.remove();
            incomplete.add(table);
            notifyAll();
          } else if (complete.containsAll(refs)) {
            it.remove();
            return table;
          }
        }
        if (!waiting.isEmpty()) {
          wait();
        }
      }
      return null;
    }

    @Override
    public synchronized void done(SourceTable table, Boolean wasComplete) {
      (wasComplete ? complete : incomplete).add(table);
      notifyAll();
    }

    @Override
    public synchronized void clear() {
      waiting.clear();
      notifyAll();
    }
  }

  /**
   * Runs {@code task} for every table of {@code order} on the snapshot's connections ({@link
   * Workers}; see {@link TableQueue} for {@code referencesFirst}). A failure names the table and,
   * for a database error, {@code source} and the SQLState.
   */
  static void run(
      SnapshotReaders readers,
      RunId run,
      String source,
      List<SourceTable> order,
      boolean referencesFirst,
      TableTask task) {
    Workers.run(
        "extract run " + run,
        readers.size(),
        new TableQueue(order, referencesFirst),
        (worker, table) -> {
          try {
            return task.run(readers.get(worker), table);
          } catch (SQLException e) {
            throw PipelineException.transientFailure(
                "extract run "
                    + run
                    + " failed reading table "
                    + table.tableName()
                    + " from "
                    + source
                    + ": "
                    + SqlErrors.describe(e),
                e);
          } catch (IOException e) {
            throw PipelineException.transientFailure(
                "extract run " + run + " failed writing table " + table.tableName() + ": " + e, e);
          }
        },
        SourceTable::tableName);
  }
}
