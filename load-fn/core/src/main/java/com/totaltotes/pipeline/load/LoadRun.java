package com.totaltotes.pipeline.load;

import com.totaltotes.pipeline.PipelineException;
import com.totaltotes.pipeline.SqlErrors;
import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.manifest.ProcessedManifest;
import com.totaltotes.pipeline.parquet.ParquetTableReader;
import com.totaltotes.pipeline.run.RowProgress;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.run.Stage;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Loads one processed run in one transaction: advisory lock; skip if the ledger already has the
 * run; copy the dimensions' Parquet files into staging tables (COPY) and upsert them in load order
 * (dim_date first); copy the facts' files and append them; write the ledger row; commit. Any
 * failure rolls the whole run back. The files are read and encoded a few ahead of the COPYs, on a
 * thread of their own ({@link CopyAhead}), so that reading them overlaps the database's work.
 *
 * <p>A run that stages at least {@link LoadConfig#bulkThresholdRows()} fact rows (an initial load,
 * a catch-up, a replay) appends its facts on the bulk path, where PostgreSQL checks references
 * set-wise instead of with a trigger per row, in one of two ways per fact table ({@link
 * FactLoadPath}): into an empty table, or one the run makes half as large again or more, the keys
 * (foreign, primary and unique) are dropped inside the transaction, the rows copied straight into
 * the table and the keys added back, so that the indexes are built once and every reference
 * validated once; rows repeating a version are deleted before the keys go back ({@link FactKeys}).
 * Into a larger table, the keys stay and only the new rows' references are checked, with the
 * per-row triggers off for that insert. Same rows, same surrogate keys, same errors on every path;
 * the differences are the locks until the run commits (ACCESS EXCLUSIVE on the facts and the
 * dimensions they reference when keys are dropped; SHARE on those dimensions when they stay) and
 * the time, which follows the table on the first way and the run on the second.
 */
final class LoadRun {
  /** The advisory lock key every loader takes, so that one run loads at a time. */
  static final long LOCK_KEY = 0x746f746573L; // "totes"

  private static final Logger LOG = Logger.getLogger(LoadRun.class);
  private static final Set<String> KNOWN_TABLES =
      Arrays.stream(WarehouseTable.values())
          .map(WarehouseTable::tableName)
          .collect(Collectors.toUnmodifiableSet());

  private final ParquetTableReader reader;
  private final String bucket;
  private final LoadLedger ledger;
  private final LoadFaultHook faults;
  private final RowProgress rowProgress;
  private final DeletionRecorder deletions;
  private final long bulkThresholdRows;
  private final Path tempDir;

  /** What the loader is doing, for the message of a failure. */
  private String step;

  /** Whether the server lets this run turn the reference triggers off; null: not asked yet. */
  private Boolean triggersOff;

  LoadRun(
      ParquetTableReader reader,
      String bucket,
      LoadLedger ledger,
      LoadFaultHook faults,
      RowProgress rowProgress,
      DeletionRecorder deletions,
      long bulkThresholdRows,
      Path tempDir) {
    this.bulkThresholdRows = bulkThresholdRows;
    this.tempDir = tempDir;
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
    triggersOff = null;
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
          Arrays.stream(WarehouseTable.values())
              .filter(WarehouseTable::isFact)
              .flatMap(t -> files(manifest, t).stream())
              .mapToLong(FileEntry::rows)
              .sum();
      boolean bulk = factRows > 0 && factRows >= bulkThresholdRows;
      Map<String, TableCounts> counts = new LinkedHashMap<>();
      for (WarehouseTable table : WarehouseTable.values()) {
        counts.put(table.tableName(), TableCounts.NONE);
      }
      if (bulk) {
        LOG.infof(
            "run %s holds %d fact rows (bulk threshold %d): they are copied straight into the fact"
                + " tables, whose keys are dropped first and built and validated set-wise after",
            run, factRows, bulkThresholdRows);
      }
      List<WarehouseTable> dimensions =
          Arrays.stream(WarehouseTable.values()).filter(t -> !t.isFact()).toList();
      List<WarehouseTable> facts =
          Arrays.stream(WarehouseTable.values()).filter(WarehouseTable::isFact).toList();
      List<CopyAhead.Item> items =
          Stream.concat(dimensions.stream(), facts.stream())
              .flatMap(t -> files(manifest, t).stream().map(f -> new CopyAhead.Item(t, f)))
              .toList();
      try (CopyAhead files = new CopyAhead(reader, bucket, tempDir, items)) {
        Map<WarehouseTable, Long> staged = new EnumMap<>(WarehouseTable.class);
        for (WarehouseTable table : dimensions) {
          List<FileEntry> list = files(manifest, table);
          if (list.isEmpty()) {
            continue;
          }
          if (bulk && isEmpty(c, table)) {
            copyIntoEmpty(c, files, table, list, counts, staged);
          } else {
            staged.put(table, stage(c, files, table, list));
          }
        }
        faults.reached(LoadStep.STAGED, run.toString());
        for (WarehouseTable table : staged.keySet()) {
          step("upserting " + table.tableName());
          DimensionUpsert upsert = new DimensionUpsert(table);
          long rows = staged.get(table);
          counts.put(table.tableName(), bulk ? upsert.applyBulk(c, rows) : upsert.apply(c, rows));
        }
        faults.reached(LoadStep.DIMENSIONS_UPSERTED, run.toString());
        for (WarehouseTable table : facts) {
          List<FileEntry> list = files(manifest, table);
          if (!list.isEmpty()) {
            counts.put(table.tableName(), appendFacts(c, files, table, list, bulk));
          }
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
          where(run) + ": " + SqlErrors.describe(e), SqlFailure.isPermanent(e), e);
    } catch (PipelineException e) {
      rollback(c, e);
      throw new LoadFailedException(where(run) + ": " + e.getMessage(), e.permanent(), e);
    } catch (RuntimeException e) {
      rollback(c, e);
      throw new LoadFailedException(where(run) + ": " + e, false, e);
    }
  }

  /**
   * Appends one fact table's rows: staged and inserted ({@link FactAppend}) with the keys in place;
   * on the bulk path either by rebuilding the table's keys or with them in place and the references
   * checked set-wise ({@link FactLoadPath}): a dangling reference fails the run with SQLState 23503
   * on every path.
   */
  private TableCounts appendFacts(
      Connection c, CopyAhead files, WarehouseTable table, List<FileEntry> list, boolean bulk)
      throws SQLException {
    String inserting = "inserting " + table.tableName();
    long runRows = list.stream().mapToLong(FileEntry::rows).sum();
    if (!bulk || runRows == 0) {
      long rows = stage(c, files, table, list);
      step(inserting);
      return new FactAppend(table).apply(c, rows);
    }
    step(inserting + " (bulk path: reading its keys and size)");
    FactKeys keys = FactKeys.of(c, table);
    long tableRows = keys.estimatedRows(c);
    FactLoadPath path = FactLoadPath.choose(runRows, tableRows);
    if (path == FactLoadPath.IN_PLACE && !referenceTriggersOff(c)) {
      path = FactLoadPath.REBUILD;
    }
    LOG.infof(
        "%s: %d rows into about %d: %s",
        table.tableName(),
        runRows,
        tableRows,
        path == FactLoadPath.REBUILD
            ? "keys dropped and built again"
            : "keys in place, references checked set-wise");
    if (path == FactLoadPath.IN_PLACE) {
      step(inserting + " (bulk path, keys in place: locking the dimensions it references)");
      keys.lockReferenced(c);
      long firstKey = keys.firstKey(c);
      long rows = stage(c, files, table, list);
      step(inserting + " (bulk path, keys in place)");
      TableCounts counts = new FactAppend(table).apply(c, rows);
      // the triggers of every later step fire again
      FactKeys.setLocal(c, "session_replication_role = default");
      step(inserting + " (bulk path, keys in place: checking the new rows' references)");
      keys.checkReferencesFrom(c, firstKey);
      return counts;
    }
    step(inserting + " (bulk path: dropping its keys)");
    keys.drop(c);
    long firstKey = keys.firstKey(c);
    long rows = copy(c, files, table, table.tableName(), list, rowProgress);
    step(inserting + " (bulk path: adding its keys back, foreign keys validated set-wise)");
    long repeated = keys.add(c, firstKey);
    return new TableCounts(rows, rows - repeated, 0);
  }

  /**
   * Turns the per-row reference triggers off in the run's transaction ({@code SET LOCAL
   * session_replication_role = replica}) until it is set back to {@code default}: true when the
   * server allowed it (asked once per run). The warehouse has no triggers of its own, so this
   * changes nothing else.
   */
  private boolean referenceTriggersOff(Connection c) throws SQLException {
    if (Boolean.FALSE.equals(triggersOff)) {
      return false;
    }
    step("turning the per-row reference triggers off");
    triggersOff =
        SqlFailure.unlessRefused(
                c,
                () -> {
                  FactKeys.setLocal(c, "session_replication_role = replica");
                  return true;
                })
            .isPresent();
    if (!triggersOff) {
      LOG.warnf(
          "the warehouse user may not set session_replication_role: fact tables are loaded on the"
              + " bulk path by rebuilding their keys, whose time grows with the table; grant it"
              + " (PostgreSQL 15+: GRANT SET ON PARAMETER session_replication_role TO <user>) for"
              + " loads whose time follows the run");
    }
    return triggersOff;
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
   * On the bulk path, copies the files of an empty dimension (an initial load) straight into it:
   * one write of each row instead of staging, sorting and inserting, with the upsert's result when
   * the run holds each key once ({@code counts}). When it holds a key twice (23505 from the primary
   * key) the copy is rolled back to a savepoint ({@link SqlFailure#unlessDuplicateKey}), the files
   * left are passed over, and all are read again into staging ({@code staged}), so that the upsert
   * keeps the row staged last.
   */
  private void copyIntoEmpty(
      Connection c,
      CopyAhead files,
      WarehouseTable table,
      List<FileEntry> list,
      Map<String, TableCounts> counts,
      Map<WarehouseTable, Long> staged)
      throws SQLException {
    // progress is reported once the copy holds: a rolled-back attempt is not counted twice
    Optional<Long> copied =
        SqlFailure.unlessDuplicateKey(
            c, () -> copy(c, files, table, table.tableName(), list, RowProgress.NONE));
    if (copied.isPresent()) {
      list.forEach(f -> rowProgress.advanced(Stage.LOAD, table.tableName(), f.rows()));
      counts.put(table.tableName(), new TableCounts(copied.get(), copied.get(), 0));
      return;
    }
    files.skipRest(table);
    LOG.infof(
        "%s: the run holds a key twice; its files are read again into staging, and the row"
            + " staged last wins",
        table.tableName());
    List<CopyAhead.Item> again = list.stream().map(f -> new CopyAhead.Item(table, f)).toList();
    try (CopyAhead reread = new CopyAhead(reader, bucket, tempDir, again)) {
      staged.put(table, stage(c, reread, table, list));
    }
  }

  private boolean isEmpty(Connection c, WarehouseTable table) throws SQLException {
    step("reading whether " + table.tableName() + " is empty");
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("select not exists (select 1 from " + table.tableName() + ")")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /** Copies a table's files into its new staging table; returns the rows staged. */
  private long stage(Connection c, CopyAhead files, WarehouseTable table, List<FileEntry> list)
      throws SQLException {
    StagingTable stage = new StagingTable(table);
    step("creating " + stage.name());
    stage.create(c);
    return copy(c, files, table, stage.name(), list, rowProgress);
  }

  /**
   * Copies a table's files, in order, into {@code target}, telling {@code progress} after each;
   * returns the rows copied.
   */
  private long copy(
      Connection c,
      CopyAhead files,
      WarehouseTable table,
      String target,
      List<FileEntry> list,
      RowProgress progress)
      throws SQLException {
    long rows = 0;
    for (FileEntry file : list) {
      step("copying " + table.tableName() + " from s3://" + bucket + "/" + file.key());
      long n = files.copyNext(c, target, table, file);
      progress.advanced(Stage.LOAD, table.tableName(), n);
      rows += n;
    }
    LOG.debugf("%s: %d rows copied from %d files", table.tableName(), rows, list.size());
    return rows;
  }

  private static List<FileEntry> files(ProcessedManifest manifest, WarehouseTable table) {
    ProcessedManifest.Table entry = manifest.table(table.tableName());
    return entry == null ? List.of() : entry.files();
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
