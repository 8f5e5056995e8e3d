package com.totaltotes.pipeline.load;

import com.totaltotes.pipeline.PipelineException;
import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.manifest.ProcessedManifest;
import com.totaltotes.pipeline.parquet.ParquetTableReader;
import com.totaltotes.pipeline.run.RowProgress;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Loads one processed run in one transaction: advisory lock; skip if the ledger already has the
 * run; stage every Parquet file with COPY; upsert the dimensions in load order (dim_date first);
 * append the facts; write the ledger row; commit. Any failure rolls the whole run back.
 *
 * <p>A run that stages at least {@link LoadConfig#bulkThresholdRows()} fact rows (an initial load,
 * a catch-up, a replay) appends its facts on the bulk path: each fact table's foreign keys are
 * dropped inside the transaction, the rows inserted, and the keys added back, so that PostgreSQL
 * validates them once, set-wise, instead of per row; its primary and unique keys likewise, their
 * indexes built once ({@link FactKeys}). Same rows, same surrogate keys, same errors; the
 * difference is the lock: ACCESS EXCLUSIVE on the facts and the dimensions they reference until the
 * run commits.
 */
final class LoadRun {
  /** The advisory lock key every loader takes, so that one run loads at a time. */
  static final long LOCK_KEY = 0x746f746573L; // "totes"

  private static final Logger LOG = Logger.getLogger(LoadRun.class);
  private static final Set<String> KNOWN_TABLES =
      java.util.Arrays.stream(WarehouseTable.values())
          .map(WarehouseTable::tableName)
          .collect(Collectors.toUnmodifiableSet());

  private final ParquetTableReader reader;
  private final String bucket;
  private final LoadLedger ledger;
  private final LoadFaultHook faults;
  private final RowProgress rowProgress;
  private final DeletionRecorder deletions;
  private final long bulkThresholdRows;

  /** What the loader is doing, for the message of a failure. */
  private String step;

  LoadRun(
      ParquetTableReader reader,
      String bucket,
      LoadLedger ledger,
      LoadFaultHook faults,
      RowProgress rowProgress,
      DeletionRecorder deletions,
      long bulkThresholdRows) {
    this.bulkThresholdRows = bulkThresholdRows;
    this.deletions = deletions;
    this.rowProgress = rowProgress;
    this.reader = reader;
    this.bucket = bucket;
    this.ledger = ledger;
    this.faults = faults;
  }

  /**
   * Loads the run on {@code c} (autocommit off) and commits; returns the counts per table, in load
   * order, or null when the ledger already had the run.
   *
   * @throws LoadFailedException naming the run, step, table and file; the transaction is rolled
   *     back
   */
  Map<String, TableCounts> load(Connection c, ProcessedManifest manifest) {
    RunId run = manifest.run();
    step = null;
    step("taking the load lock");
    try {
      lock(c);
      step("reading the load ledger");
      if (ledger.contains(c, run)) {
        c.rollback();
        return null;
      }
      step("checking the manifest's tables");
      requireKnownTables(manifest);
      // the files' row counts are checked against the manifest while staging
      long factRows =
          java.util.Arrays.stream(WarehouseTable.values())
              .filter(WarehouseTable::isFact)
              .map(t -> manifest.table(t.tableName()))
              .filter(java.util.Objects::nonNull)
              .flatMap(t -> t.files().stream())
              .mapToLong(FileEntry::rows)
              .sum();
      boolean bulk = factRows > 0 && factRows >= bulkThresholdRows;
      Map<WarehouseTable, Long> staged = stage(c, manifest, bulk);
      faults.reached(LoadStep.STAGED, run.toString());
      Map<String, TableCounts> counts = new LinkedHashMap<>();
      for (WarehouseTable table : WarehouseTable.values()) {
        counts.put(table.tableName(), TableCounts.NONE);
      }
      if (bulk) {
        LOG.infof(
            "run %s stages %d fact rows (bulk threshold %d): the facts' keys are dropped, and built"
                + " and validated set-wise after the insert",
            run, factRows, bulkThresholdRows);
      }
      for (WarehouseTable table : staged.keySet()) {
        if (!table.isFact()) {
          step("upserting " + table.tableName());
          DimensionUpsert upsert = new DimensionUpsert(table);
          long rows = staged.get(table);
          counts.put(table.tableName(), bulk ? upsert.applyBulk(c, rows) : upsert.apply(c, rows));
        }
      }
      faults.reached(LoadStep.DIMENSIONS_UPSERTED, run.toString());
      for (WarehouseTable table : staged.keySet()) {
        if (table.isFact()) {
          counts.put(table.tableName(), appendFacts(c, table, staged.get(table), bulk));
        }
      }
      faults.reached(LoadStep.FACTS_INSERTED, run.toString());
      step("recording source deletions");
      DeletionRecorder.Counts gone = deletions.record(c, run, manifest.deletions());
      if (gone.deleted() > 0 || gone.restored() > 0) {
        LOG.infof(
            "run %s: %d source row(s) recorded deleted, %d back again",
            run, gone.deleted(), gone.restored());
      }
      step("writing the load ledger");
      ledger.record(c, run, manifest.runId(), counts);
      step("committing");
      c.commit();
      return counts;
    } catch (SQLException e) {
      rollback(c, e);
      throw new LoadFailedException(
          where(run) + ": " + SqlFailure.describe(e), SqlFailure.isPermanent(e), e);
    } catch (PipelineException e) {
      rollback(c, e);
      throw new LoadFailedException(where(run) + ": " + e.getMessage(), e.permanent(), e);
    } catch (RuntimeException e) {
      rollback(c, e);
      throw new LoadFailedException(where(run) + ": " + e, false, e);
    }
  }

  /**
   * Appends one fact table's staged rows; on the bulk path, between dropping its keys and adding
   * them back (foreign keys validated set-wise: a dangling reference fails there, SQLState 23503).
   */
  private TableCounts appendFacts(Connection c, WarehouseTable table, long rows, boolean bulk)
      throws SQLException {
    String inserting = "inserting " + table.tableName();
    if (!bulk || rows == 0) {
      step(inserting);
      return new FactAppend(table).apply(c, rows);
    }
    step(inserting + " (bulk path: reading its keys)");
    FactKeys keys = FactKeys.of(c, table);
    step(inserting + " (bulk path: dropping its keys)");
    keys.drop(c);
    step(inserting);
    long inserted = keys.insert(c, rows);
    step(inserting + " (bulk path: adding its keys back, foreign keys validated set-wise)");
    keys.add(c);
    return new TableCounts(rows, inserted, 0);
  }

  private long stepStart;

  /** Moves on to the next step; logs how long the last one took (debug). */
  private void step(String next) {
    long now = System.nanoTime();
    if (step != null && LOG.isDebugEnabled()) {
      LOG.debugf("%s took %d ms", step, (now - stepStart) / 1_000_000);
    }
    stepStart = now;
    step = next;
  }

  private void lock(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("select pg_advisory_xact_lock(?)")) {
      ps.setLong(1, LOCK_KEY);
      ps.execute();
    }
  }

  /**
   * Copies every file of the run into staging tables; returns rows staged per table, load order.
   */
  private Map<WarehouseTable, Long> stage(Connection c, ProcessedManifest manifest, boolean bulk)
      throws SQLException {
    Map<WarehouseTable, Long> staged = new EnumMap<>(WarehouseTable.class);
    for (WarehouseTable table : WarehouseTable.values()) {
      ProcessedManifest.Table entry = manifest.table(table.tableName());
      if (entry == null || entry.files().isEmpty()) {
        continue;
      }
      StagingTable stage = new StagingTable(table, bulk || !table.isFact());
      step("creating " + stage.name());
      stage.create(c);
      long rows = 0;
      for (FileEntry file : entry.files()) {
        step("staging " + table.tableName() + " from s3://" + bucket + "/" + file.key());
        long copied = stage.copy(c, reader, bucket, file);
        rowProgress.advanced("load", table.tableName(), copied);
        rows += copied;
      }
      LOG.debugf(
          "run %s staged %d %s rows from %d files",
          manifest.runId(), rows, table.tableName(), entry.files().size());
      staged.put(table, rows);
    }
    return staged;
  }

  private void requireKnownTables(ProcessedManifest manifest) {
    for (ProcessedManifest.Table t : manifest.tables()) {
      if (!KNOWN_TABLES.contains(t.table())) {
        throw new LoadFailedException(
            "processed run "
                + manifest.runId()
                + " lists table '"
                + t.table()
                + "', which the warehouse does not have",
            true,
            null);
      }
    }
  }

  private String where(RunId run) {
    return "loading processed run " + run + " failed while " + step + "; the run was rolled back";
  }

  private static void rollback(Connection c, Exception failure) {
    try {
      c.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }
}
