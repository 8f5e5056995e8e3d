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
 * run; stage every Parquet file with COPY (on the bulk path a fact's straight into its table);
 * upsert the dimensions in load order (dim_date first); append the facts; write the ledger row;
 * commit. Any failure rolls the whole run back.
 *
 * <p>A run that stages at least {@link LoadConfig#bulkThresholdRows()} fact rows (an initial load,
 * a catch-up, a replay) appends its facts on the bulk path: each fact table's keys (foreign,
 * primary and unique) are dropped inside the transaction, its rows copied straight into the table
 * (not staged), and the keys added back, so that PostgreSQL builds the indexes once and validates
 * the references once, set-wise, instead of per row; rows repeating a version are deleted before
 * the keys go back ({@link FactKeys}). Same rows, same surrogate keys, same errors; the difference
 * is the lock: ACCESS EXCLUSIVE on the facts and the dimensions they reference until the run
 * commits.
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
      // the files' row counts are checked against the manifest while copying them
      long factRows =
          java.util.Arrays.stream(WarehouseTable.values())
              .filter(WarehouseTable::isFact)
              .map(t -> manifest.table(t.tableName()))
              .filter(java.util.Objects::nonNull)
              .flatMap(t -> t.files().stream())
              .mapToLong(FileEntry::rows)
              .sum();
      boolean bulk = factRows > 0 && factRows >= bulkThresholdRows;
      Map<WarehouseTable, CopiedFacts> copied = new EnumMap<>(WarehouseTable.class);
      Map<WarehouseTable, Long> staged = stage(c, manifest, bulk, copied);
      faults.reached(LoadStep.STAGED, run.toString());
      Map<String, TableCounts> counts = new LinkedHashMap<>();
      for (WarehouseTable table : WarehouseTable.values()) {
        counts.put(table.tableName(), TableCounts.NONE);
      }
      if (bulk) {
        LOG.infof(
            "run %s holds %d fact rows (bulk threshold %d): they were copied straight into the"
                + " fact tables, whose keys are built and validated set-wise now",
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
          counts.put(table.tableName(), appendFacts(c, table, staged.get(table), copied));
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
   * Appends one fact table's staged rows; on the bulk path, where they were copied into the table,
   * adds its keys back (foreign keys validated set-wise: a dangling reference fails there, SQLState
   * 23503).
   */
  private TableCounts appendFacts(
      Connection c, WarehouseTable table, long rows, Map<WarehouseTable, CopiedFacts> copied)
      throws SQLException {
    String inserting = "inserting " + table.tableName();
    CopiedFacts direct = copied.get(table);
    if (direct == null) {
      step(inserting);
      return new FactAppend(table).apply(c, rows);
    }
    step(inserting + " (bulk path: adding its keys back, foreign keys validated set-wise)");
    long repeated = direct.keys().add(c, direct.firstKey());
    return new TableCounts(rows, rows - repeated, 0);
  }

  /**
   * A fact table whose keys were dropped and this run's rows copied in from {@code firstKey} on.
   */
  private record CopiedFacts(FactKeys keys, long firstKey) {}

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
   * Copies every file of the run into staging tables, or on the bulk path a fact's straight into
   * the fact table, whose keys are dropped first (noted in {@code copied}); returns rows staged per
   * table, load order.
   */
  private Map<WarehouseTable, Long> stage(
      Connection c,
      ProcessedManifest manifest,
      boolean bulk,
      Map<WarehouseTable, CopiedFacts> copied)
      throws SQLException {
    Map<WarehouseTable, Long> staged = new EnumMap<>(WarehouseTable.class);
    for (WarehouseTable table : WarehouseTable.values()) {
      ProcessedManifest.Table entry = manifest.table(table.tableName());
      if (entry == null || entry.files().isEmpty()) {
        continue;
      }
      String target;
      if (bulk && table.isFact() && entry.files().stream().anyMatch(f -> f.rows() > 0)) {
        step("copying " + table.tableName() + " (bulk path: reading its keys)");
        FactKeys keys = FactKeys.of(c, table);
        step("copying " + table.tableName() + " (bulk path: dropping its keys)");
        keys.drop(c);
        copied.put(table, new CopiedFacts(keys, keys.firstKey(c)));
        target = table.tableName();
      } else {
        StagingTable stage = new StagingTable(table);
        step("creating " + stage.name());
        stage.create(c);
        target = stage.name();
      }
      long rows = 0;
      for (FileEntry file : entry.files()) {
        step("copying " + table.tableName() + " from s3://" + bucket + "/" + file.key());
        long n = ParquetCopy.copy(c, target, table, reader, bucket, file);
        rowProgress.advanced("load", table.tableName(), n);
        rows += n;
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
