package com.totaltotes.pipeline.load;

import com.totaltotes.pipeline.PipelineException;
import com.totaltotes.pipeline.SqlErrors;
import com.totaltotes.pipeline.credentials.ConnectionSource;
import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.json.MalformedObjectException;
import com.totaltotes.pipeline.manifest.ManifestStore;
import com.totaltotes.pipeline.manifest.ProcessedManifest;
import com.totaltotes.pipeline.parquet.ParquetTableReader;
import com.totaltotes.pipeline.run.Deadline;
import com.totaltotes.pipeline.run.PendingRuns;
import com.totaltotes.pipeline.run.RowProgress;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.run.SetAsideRun;
import com.totaltotes.pipeline.run.SetAsideRuns;
import com.totaltotes.pipeline.run.Stage;
import com.totaltotes.pipeline.run.TimeBudget;
import com.totaltotes.pipeline.storage.ObjectStore;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Loads into the warehouse every processed run of its bucket that is not in the load ledger yet, in
 * seq order, each in one transaction ({@link LoadRun}), after bringing the schema up to date.
 * Within a bucket, runs form a gap-free chain 1, 2, 3…: a run that is missing while later ones
 * exist stops the job with an exception once the runs before it are loaded (its arrival wakes the
 * job again), so a dimension never goes back to an older value. The ledger is keyed by run id (seq
 * and start time), so the runs of another chain (a fresh work dir, a replay bucket) are loaded too:
 * facts already present are skipped, dimensions end at that chain's latest values.
 */
public final class LoadJob {
  private static final Logger LOG = Logger.getLogger(LoadJob.class);

  /** The rate assumed before the first run of an invocation is measured (rows per second). */
  static final double PRIOR_ROWS_PER_SECOND = 10_000;

  private final ConnectionSource warehouse;
  private final ObjectStore store;
  private final JsonCodec json;
  private final LoadConfig config;
  private final LoadFaultHook faults;
  private final Clock clock;
  private final RowProgress rows;

  public LoadJob(
      ConnectionSource warehouse,
      ObjectStore store,
      JsonCodec json,
      Clock clock,
      LoadConfig config) {
    this(warehouse, store, json, clock, config, LoadFaultHook.NONE);
  }

  /** A job that tells {@code faults} when each run reaches each {@link LoadStep} (tests). */
  public LoadJob(
      ConnectionSource warehouse,
      ObjectStore store,
      JsonCodec json,
      Clock clock,
      LoadConfig config,
      LoadFaultHook faults) {
    this(warehouse, store, json, clock, config, faults, RowProgress.NONE);
  }

  /**
   * A job that also reports rows staged as it goes (the local runner's progress display).
   *
   * @param clock dates the record of a run set aside
   */
  public LoadJob(
      ConnectionSource warehouse,
      ObjectStore store,
      JsonCodec json,
      Clock clock,
      LoadConfig config,
      LoadFaultHook faults,
      RowProgress rows) {
    this.rows = rows;
    this.warehouse = warehouse;
    this.store = store;
    this.json = json;
    this.clock = clock;
    this.config = config;
    this.faults = faults;
  }

  /**
   * Migrates the warehouse, then loads every pending run; returns one summary per run looked at, in
   * seq order (an empty list when nothing was pending).
   *
   * @throws com.totaltotes.pipeline.credentials.DatabaseUnavailableException when the warehouse
   *     cannot be reached or refuses the login
   * @throws LoadFailedException when a run fails for a reason that is not the run's own (it is
   *     rolled back; runs before it stay loaded) or a run is missing before later ones
   */
  public List<LoadSummary> run() {
    return run(summary -> {}).runs();
  }

  /**
   * Migrates the warehouse, then loads every pending run in seq order, telling {@code onRunDone} as
   * soon as each run is committed. A run that fails on its own data or files (a foreign-key or data
   * error, a missing, corrupt or changed file, an unreadable manifest, a run the transform set
   * aside) is set aside: recorded under {@code _failed/} and in the ledger with its reason, and the
   * later runs go on. Any other failure stops the invocation.
   */
  public LoadResult run(Consumer<LoadSummary> onRunDone) {
    return run(onRunDone, Deadline.NONE);
  }

  /**
   * The same, in a time budget (issue 16): before each run after the first, its rows (from its
   * processed manifest) at the rate measured so far must fit in the time left before {@code
   * deadline} less a margin; otherwise the invocation stops there and the result says how many runs
   * and rows are left for the next invocation.
   */
  public LoadResult run(Consumer<LoadSummary> onRunDone, Deadline deadline) {
    TimeBudget budget = new TimeBudget(deadline, TimeBudget.DEFAULT_MARGIN, PRIOR_ROWS_PER_SECOND);
    PendingRuns.Backlog backlog;
    ManifestStore<ProcessedManifest> manifests =
        new ManifestStore<>(store, json, config.processedBucket(), ProcessedManifest.class);
    new WarehouseMigrator(warehouse).migrate();
    LoadLedger ledger = new LoadLedger(json);
    LoadRun loader =
        new LoadRun(
            new ParquetTableReader(store, config.tempDir()),
            config.processedBucket(),
            ledger,
            faults,
            rows,
            new DeletionRecorder(store, json.mapper(), config.processedBucket()),
            config.bulkThresholdRows(),
            config.tempDir());
    List<LoadSummary> summaries = new ArrayList<>();
    try (Connection c = warehouse.open()) {
      // issue 26: the runs from just before the newest loaded one on, and the ledger rows of those
      // seqs (with a margin for a run that follows an earlier one): an invocation's listing and
      // ledger read follow the runs still to load, not the history
      // ledger rows are seqs of this bucket's chain only when the bucket holds the newest one's
      // manifest: a fresh work dir or another chain loaded into the same warehouse lists everything
      RunId newestLoaded = LoadLedger.newestLoadedRun(c);
      boolean sameChain =
          newestLoaded != null
              && newestLoaded.seq() > 2
              && store.exists(config.processedBucket(), ManifestStore.key(newestLoaded));
      ManifestStore.Listing listing =
          sameChain
              ? manifests.listing(new RunId(newestLoaded.seq() - 2, newestLoaded.startedAt()))
              : manifests.listing(null);
      List<RunId> chain = listing.runs();
      Set<String> loaded =
          listing.complete() || chain.isEmpty()
              ? LoadLedger.loadedRuns(c)
              : LoadLedger.runsFrom(c, chain.get(0).seq() - ManifestStore.RECENT_RUNS);
      long pending = chain.stream().filter(r -> !loaded.contains(r.toString())).count();
      LOG.infof(
          "load starting: %d of %d processed runs in bucket %s pending",
          pending, chain.size(), config.processedBucket());
      Instant newestBefore = ledger.newestLoadedRunStart(c);
      c.setAutoCommit(false);
      // a bucket's chain starts at seq 1, or later for a replay bucket that starts from a copied
      // run
      Set<RunId> inBucket = new HashSet<>(chain);
      List<RunId> toLoad = new ArrayList<>();
      LoadFailedException gap = null;
      RunId before = null;
      for (RunId run : chain) {
        boolean done = loaded.contains(run.toString());
        if (!done && before != null && !continues(manifests, before, run, inBucket, loaded)) {
          gap = missingRun(before.seq() + 1, run); // the runs before it load first
          break;
        }
        before = run;
        if (!done) {
          toLoad.add(run);
        }
      }
      try {
        backlog =
            PendingRuns.run(
                Stage.LOAD,
                toLoad,
                budget,
                deadline,
                new PendingRuns.Work<LoadSummary>() {
                  @Override
                  public long rows(RunId run) {
                    ProcessedManifest m = manifests.readOrNull(run);
                    return m == null ? 0 : m.totalRows();
                  }

                  @Override
                  public LoadSummary process(RunId run) {
                    try {
                      ProcessedManifest manifest = manifests.read(run);
                      return manifest.wasSetAside() // the transform set it aside, said why
                          ? LoadJob.this.setAside(c, ledger, run, manifest.setAside(), false)
                          : load(c, loader, manifest, run);
                    } catch (SQLException e) {
                      throw new DatabaseAbort(e);
                    }
                  }

                  @Override
                  public LoadSummary setAside(RunId run, PipelineException failure) {
                    try {
                      return LoadJob.this.setAside(
                          c,
                          ledger,
                          run,
                          "load of processed run " + run + " failed: " + failure.getMessage(),
                          true);
                    } catch (SQLException e) {
                      throw new DatabaseAbort(e);
                    }
                  }
                },
                summary -> {
                  summaries.add(summary);
                  onRunDone.accept(summary);
                });
      } catch (DatabaseAbort e) {
        throw e.getCause();
      }
      if (gap != null) {
        throw gap;
      }
      Instant newest = ledger.newestLoadedRunStart(c);
      // counting what the warehouse holds reads every fact table: once per hour of runs loaded
      // (the first invocation that loads a run of a new hour), not on every invocation
      Map<String, Long> held =
          Reconciliation.due(newestBefore, newest) ? Reconciliation.warehouseRows(c) : Map.of();
      c.commit();
      return new LoadResult(
          summaries, listing.strayKeys().size(), newest, held, backlog.runs(), backlog.rows());
    } catch (SQLException e) {
      throw new LoadFailedException(
          "load on " + warehouse.describe() + " failed: " + SqlErrors.describe(e),
          SqlFailure.isPermanent(e),
          e);
    }
  }

  /**
   * Whether pending {@code run} may be loaded after {@code before}, the run listed before it: the
   * next seq; the same seq (two objects under the names of one seq: one is a garbage object, which
   * is set aside when its turn comes, as is any object that is not a manifest); or a later seq when
   * the run's manifest says it follows a listed run (the transform made it after that run: the
   * ingest chain jumped over a garbage object named like a later run, so the seqs between never
   * existed). A garbage object at a later seq is not a manifest: it is set aside. Any other jump is
   * a run still missing.
   */
  private static boolean continues(
      ManifestStore<ProcessedManifest> manifests,
      RunId before,
      RunId run,
      Set<RunId> listed,
      Set<String> loaded) {
    if (run.seq() == before.seq() + 1 || run.seq() == before.seq()) {
      return true;
    }
    ProcessedManifest manifest = manifests.readOrNull(run);
    if (manifest == null) {
      return true;
    }
    // the run it follows is listed, or loaded already (its manifest went later: issue 26)
    return manifest.follows() != null
        && RunId.isRunId(manifest.follows())
        && (listed.contains(RunId.parse(manifest.follows()))
            || loaded.contains(manifest.follows()));
  }

  /**
   * A database failure outside a run's own work (recording a set-aside, a commit): it stops the
   * invocation as the {@link SQLException} it carries, never sets a run aside.
   */
  private static final class DatabaseAbort extends RuntimeException {
    DatabaseAbort(SQLException cause) {
      super(cause);
    }

    @Override
    public synchronized SQLException getCause() {
      return (SQLException) super.getCause();
    }
  }

  private LoadSummary setAside(
      Connection c, LoadLedger ledger, RunId run, String reason, boolean record)
      throws SQLException {
    long started = System.nanoTime();
    if (record) {
      new SetAsideRuns(store, json, config.processedBucket())
          .record(new SetAsideRun(run.toString(), Stage.LOAD.id(), reason, clock.instant()));
    }
    ledger.recordSetAside(c, run, reason);
    c.commit();
    long durationMs = (System.nanoTime() - started) / 1_000_000;
    LoadSummary summary =
        new LoadSummary(run.toString(), noRows(), false, durationMs, null, reason);
    LOG.infof("load summary %s", new String(json.write(summary), StandardCharsets.UTF_8));
    return summary;
  }

  private LoadSummary load(Connection c, LoadRun loader, ProcessedManifest manifest, RunId run) {
    long started = System.nanoTime();
    if (!manifest.runId().equals(run.toString())) {
      throw new LoadFailedException(
          "manifest "
              + ManifestStore.key(run)
              + " in bucket "
              + config.processedBucket()
              + " is for run "
              + manifest.runId(),
          true,
          new MalformedObjectException("manifest names another run", null));
    }
    Map<String, TableCounts> counts = loader.load(c, manifest);
    long durationMs = (System.nanoTime() - started) / 1_000_000;
    LoadSummary summary =
        counts == null
            ? new LoadSummary(run.toString(), noRows(), true, durationMs, null)
            : new LoadSummary(
                run.toString(), counts, false, durationMs, manifest.newestSourceUpdate());
    LOG.infof("load summary %s", new String(json.write(summary), StandardCharsets.UTF_8));
    return summary;
  }

  private LoadFailedException missingRun(long expected, RunId found) {
    return new LoadFailedException(
        "processed run seq "
            + expected
            + " is missing from bucket "
            + config.processedBucket()
            + " but run "
            + found
            + " exists; runs load in seq order only, "
            + "so "
            + found
            + " and later wait until the missing run is written",
        false,
        null);
  }

  private static Map<String, TableCounts> noRows() {
    Map<String, TableCounts> none = new LinkedHashMap<>();
    for (WarehouseTable table : WarehouseTable.values()) {
      none.put(table.tableName(), TableCounts.NONE);
    }
    return none;
  }
}
