package com.totaltotes.pipeline.extract;

import com.totaltotes.pipeline.PipelineException;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.source.SourceTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.logging.Logger;

/**
 * The extract's parallel table work: one worker per connection of the snapshot, each taking the
 * next table from a shared queue, in reference order when asked.
 */
final class ParallelTables {
  private static final Logger LOG = Logger.getLogger(ParallelTables.class);

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
  private static final class TableQueue {
    private final List<SourceTable> waiting;
    private final boolean referencesFirst;
    private final java.util.Set<SourceTable> complete = java.util.EnumSet.noneOf(SourceTable.class);
    private final java.util.Set<SourceTable> incomplete =
        java.util.EnumSet.noneOf(SourceTable.class);

    TableQueue(List<SourceTable> order, boolean referencesFirst) {
      this.waiting = new ArrayList<>(order);
      this.referencesFirst = referencesFirst;
    }

    synchronized SourceTable next() throws InterruptedException {
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

    synchronized void done(SourceTable table, boolean wasComplete) {
      (wasComplete ? complete : incomplete).add(table);
      notifyAll();
    }

    synchronized void clear() {
      waiting.clear();
      notifyAll();
    }
  }

  /**
   * Runs {@code task} for every table of {@code order}, spread over the snapshot's connections (see
   * {@link TableQueue} for {@code referencesFirst}); the first failure, an {@code Error} included,
   * stops the other workers at their next table and is thrown ({@code source} names the database in
   * the message).
   */
  static void run(
      SnapshotReaders readers,
      RunId run,
      String source,
      List<SourceTable> order,
      boolean referencesFirst,
      TableTask task) {
    TableQueue queue = new TableQueue(order, referencesFirst);
    ExecutorService pool = Executors.newFixedThreadPool(readers.size());
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int i = 0; i < readers.size(); i++) {
        Connection c = readers.get(i);
        workers.add(
            pool.submit(
                () -> {
                  try {
                    for (SourceTable table; (table = queue.next()) != null; ) {
                      try {
                        queue.done(table, task.run(c, table));
                      } catch (SQLException e) {
                        throw new PipelineException(
                            "extract run "
                                + run
                                + " failed reading table "
                                + table.tableName()
                                + " from "
                                + source
                                + " (SQLState "
                                + e.getSQLState()
                                + "): "
                                + e.getMessage(),
                            false,
                            e);
                      } catch (IOException e) {
                        throw new UncheckedIOException(
                            "extract run " + run + " failed writing table " + table.tableName(), e);
                      }
                    }
                  } catch (RuntimeException | Error | InterruptedException e) {
                    queue.clear(); // stop the other workers at their next table
                    throw e;
                  }
                  return null;
                }));
      }
      for (Future<?> w : workers) {
        try {
          w.get();
        } catch (ExecutionException e) {
          queue.clear();
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          throw new PipelineException(
              "extract run " + run + " failed: " + e.getCause(), false, e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new PipelineException("extract run " + run + " was interrupted", false, e);
        }
      }
    } finally {
      stop(pool);
    }
  }

  /** Stops the readers and waits for them, so no connection is closed under a running COPY. */
  private static void stop(ExecutorService pool) {
    pool.shutdownNow();
    try {
      if (!pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
        LOG.warn("extract readers did not stop within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
