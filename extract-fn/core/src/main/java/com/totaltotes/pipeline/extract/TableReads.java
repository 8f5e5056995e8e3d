package com.totaltotes.pipeline.extract;

import com.totaltotes.pipeline.PipelineException;
import com.totaltotes.pipeline.SqlErrors;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.run.Deadline;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.source.SourceTable;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The reading of one run's tables in its snapshot: plans each table's share of a row cap, then
 * reads the tables on the snapshot's connections ({@link ParallelTables}), stopping at the
 * deadline.
 */
final class TableReads {
  private static final Logger LOG = Logger.getLogger(TableReads.class);

  /** The order tables are handed to the readers: the big ones first, so the work evens out. */
  static final List<SourceTable> LARGEST_FIRST =
      List.of(
          SourceTable.PAYMENT,
          SourceTable.TRANSACTION,
          SourceTable.SALES_ORDER,
          SourceTable.PURCHASE_ORDER,
          SourceTable.DESIGN,
          SourceTable.ADDRESS,
          SourceTable.COUNTERPARTY,
          SourceTable.STAFF,
          SourceTable.DEPARTMENT,
          SourceTable.CURRENCY,
          SourceTable.PAYMENT_TYPE);

  private final SnapshotReaders readers;
  private final RunId run;
  private final String attempt;
  private final String source;
  private final ExtractConfig config;
  private final ExtractTable reader;

  /** The previous run's snapshot, when this run may compare row versions with it (null: none). */
  private final SourceSnapshot since;

  /** What the plan's scan of each table told, where it scanned them. */
  private final Map<SourceTable, ExtractTable.Survey> surveys = new ConcurrentHashMap<>();

  TableReads(
      SnapshotReaders readers,
      RunId run,
      String attempt,
      String source,
      ExtractConfig config,
      ExtractTable reader,
      SourceSnapshot since) {
    this.readers = readers;
    this.run = run;
    this.attempt = attempt;
    this.source = source;
    this.config = config;
    this.reader = reader;
    this.since = since;
  }

  /**
   * What {@link #plan}'s scan told of each table it scanned (every table in a bounded run or after
   * a snapshot to compare with): the key sets need not count the rows or look for the versions
   * written since again.
   */
  Map<SourceTable, ExtractTable.Survey> surveys() {
    return Map.copyOf(surveys);
  }

  /**
   * Each table's plan. A bounded run (a row cap or a deadline) counts each window's new rows; under
   * a cap, each table gets its share of the budget in reference order ({@link RowBudget}), and the
   * table where the cap runs out is read up to the position of its last row in the budget. The same
   * scan collects the ids written since the previous snapshot; a window that reads only versions
   * written since ({@link ReadWindow#writtenSinceHorizon}) is confined to them.
   */
  Map<SourceTable, TableOutcomes.Plan> plan(
      Map<SourceTable, ReadWindow> windows, Deadline deadline) {
    Map<SourceTable, Long> pending = new ConcurrentHashMap<>();
    boolean bounded = config.capped() || deadline.bounded();
    if (bounded || since != null) {
      ParallelTables.run(
          readers,
          run,
          source,
          LARGEST_FIRST,
          false,
          (c, table) -> {
            ExtractTable.Survey survey = ExtractTable.survey(c, table, windows.get(table), since);
            if (bounded) {
              pending.put(table, survey.present());
            }
            surveys.put(table, survey);
            return true;
          });
    }
    Map<SourceTable, RowBudget.Share> shares =
        RowBudget.plan(pending, config.capped() ? config.maxRowsPerRun() : 0);
    Map<SourceTable, TableOutcomes.Plan> plans = new EnumMap<>(SourceTable.class);
    for (SourceTable table : SourceTable.referencedFirst()) {
      ReadWindow window = confined(table, windows.get(table));
      RowBudget.Share share = shares.get(table);
      IngestManifest.Position upTo;
      try {
        upTo =
            share.kind() == RowBudget.Share.Kind.FIRST
                ? ExtractTable.nth(readers.get(0), table, window, share.rows())
                : null;
      } catch (SQLException e) {
        throw PipelineException.transientFailure(
            "extract run "
                + run
                + " failed planning a bounded run on "
                + source
                + ": "
                + SqlErrors.describe(e),
            e);
      }
      plans.put(
          table,
          new TableOutcomes.Plan(window, pending.getOrDefault(table, -1L), share.read(), upTo));
    }
    return plans;
  }

  /** {@code window} confined to the ids written since, where it reads nothing else. */
  private ReadWindow confined(SourceTable table, ReadWindow window) {
    ExtractTable.Survey survey = surveys.get(table);
    if (!window.writtenSinceHorizon() || survey == null || survey.written() == null) {
      return window;
    }
    if (!survey.confines()) {
      LOG.infof(
          "extract run %s table %s: %d row(s) after the position were written before the previous"
              + " snapshot (left by a deadline's cut, or dated after a clock): read by the"
              + " window's own conditions",
          run, table.tableName(), survey.unwrittenNewRows());
      return window;
    }
    LOG.debugf(
        "extract run %s table %s: reads only the %d row(s) written since the previous snapshot"
            + " %s, by id",
        run, table.tableName(), survey.written().ids().getLongCardinality(), since.text());
    return window.within(survey.written().ids());
  }

  /**
   * Reads every table its plan reads. With a deadline, tables are read in reference order (a table
   * once those it references ended complete), so that every run that reads at all makes progress,
   * and a read stops at the next part once less than the stop margin is left; else the largest
   * first.
   */
  Map<SourceTable, ExtractTable.Result> read(
      Map<SourceTable, TableOutcomes.Plan> plans, Deadline deadline) {
    Map<SourceTable, ExtractTable.Result> results = new ConcurrentHashMap<>();
    AtomicBoolean stopped = new AtomicBoolean();
    ExtractTable.Stop stop =
        deadline.bounded()
            ? () -> {
              if (deadline.within(config.stopMargin())) {
                stopped.set(true);
              }
              return stopped.get();
            }
            : null;
    ParallelTables.run(
        readers,
        run,
        source,
        stop == null ? LARGEST_FIRST : SourceTable.referencedFirst(),
        stop != null,
        (c, table) -> {
          TableOutcomes.Plan plan = plans.get(table);
          if (!plan.read() || (stop != null && stop.now())) {
            return false;
          }
          ReadWindow window = plan.reads();
          long t0 = System.nanoTime();
          ExtractTable.Result result = reader.extract(c, table, run, attempt, window, stop);
          results.put(table, result);
          log(table, window, result, (System.nanoTime() - t0) / 1_000_000);
          return plan.upTo() == null && !result.cut();
        });
    if (stopped.get()) {
      LOG.infof(
          "extract run %s stopped reading %d ms before the invocation's deadline; the next run"
              + " continues where it stopped",
          run, deadline.remainingMillis());
    }
    return results;
  }

  private void log(SourceTable table, ReadWindow window, ExtractTable.Result result, long ms) {
    IngestManifest.Table entry = result.entry();
    LOG.infof(
        "extract run %s table %s: %d rows in %d files in %d ms, since %s%s, watermark %s%s%s%s",
        run,
        table.tableName(),
        entry.rows(),
        entry.files().size(),
        ms,
        window.since(),
        window.after() == null ? "" : ", after " + window.after(),
        entry.watermark(),
        window.upTo() == null ? "" : ", up to " + window.upTo() + " (row cap)",
        result.cut() ? ", stopped at " + result.readTo() + " (deadline)" : "",
        entry.futureRows() == 0
            ? ""
            : ", " + entry.futureRows() + " dated after the database clock");
  }
}
