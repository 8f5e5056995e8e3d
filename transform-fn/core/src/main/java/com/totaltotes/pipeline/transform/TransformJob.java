package com.totaltotes.pipeline.transform;

import com.totaltotes.pipeline.PipelineException;
import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.manifest.ManifestConflictException;
import com.totaltotes.pipeline.manifest.ManifestStore;
import com.totaltotes.pipeline.manifest.ProcessedManifest;
import com.totaltotes.pipeline.run.Attempt;
import com.totaltotes.pipeline.run.Deadline;
import com.totaltotes.pipeline.run.PendingRuns;
import com.totaltotes.pipeline.run.RowProgress;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.run.SetAsideRun;
import com.totaltotes.pipeline.run.SetAsideRuns;
import com.totaltotes.pipeline.run.Stage;
import com.totaltotes.pipeline.run.TimeBudget;
import com.totaltotes.pipeline.storage.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Transforms every ingest run newer than the newest processed run, in run order. A run already
 * processed is never redone, so duplicate and out-of-order events change nothing. Per run, the
 * Parquet files, the rejects and the dimension state are written first and the processed manifest
 * last.
 */
public final class TransformJob {
  private static final Logger LOG = Logger.getLogger(TransformJob.class);

  /** The rate assumed before the first run of an invocation is measured (rows per second). */
  static final double PRIOR_ROWS_PER_SECOND = 20_000;

  private final ObjectStore store;
  private final JsonCodec json;
  private final Clock clock;
  private final TransformConfig config;
  private final RowProgress progress;

  public TransformJob(ObjectStore store, JsonCodec json, Clock clock, TransformConfig config) {
    this(store, json, clock, config, RowProgress.NONE);
  }

  /** A job that reports rows written as it goes (the local runner's progress display). */
  public TransformJob(
      ObjectStore store,
      JsonCodec json,
      Clock clock,
      TransformConfig config,
      RowProgress progress) {
    this.store = store;
    this.json = json;
    this.clock = clock;
    this.config = config;
    this.progress = progress;
  }

  /**
   * Processes every pending ingest run; returns one summary per run done (empty: nothing to do).
   */
  public List<TransformSummary> run() {
    return run(summary -> {}).runs();
  }

  /**
   * Processes every pending ingest run in order, telling {@code onRunDone} as soon as each run's
   * manifest is written. A run that fails permanently (a missing, truncated or corrupt file, a
   * checksum or row-count mismatch, an unparseable manifest) is set aside: recorded under {@code
   * _failed/}, given a set-aside manifest that carries the previous state forward, and the next
   * runs go on. Transient failures propagate. When a concurrent invocation wrote a run's manifest
   * first, this one stops: the other goes on with the rest.
   */
  public TransformResult run(Consumer<TransformSummary> onRunDone) {
    return run(onRunDone, Deadline.NONE);
  }

  /**
   * The same, in a time budget (issue 16): before each run after the first, its rows (from its
   * manifest) at the rate measured so far must fit in the time left before {@code deadline} less a
   * margin; otherwise the invocation stops there and the result says how many runs and rows are
   * left ({@code backlogRuns}, {@code backlogRows}) for the next invocation.
   */
  public TransformResult run(Consumer<TransformSummary> onRunDone, Deadline deadline) {
    TimeBudget budget = new TimeBudget(deadline, TimeBudget.DEFAULT_MARGIN, PRIOR_ROWS_PER_SECOND);
    ManifestStore<IngestManifest> ingest =
        new ManifestStore<>(store, json, config.ingestBucket(), IngestManifest.class);
    ManifestStore<ProcessedManifest> processed =
        new ManifestStore<>(store, json, config.processedBucket(), ProcessedManifest.class);
    // the recent processed runs only (issue 26: an invocation lists what it needs, not the history)
    // an unreadable processed manifest is skipped: the state of an older run is used, and the
    // ingest runs after that run are pending unless a processed manifest of the same run id exists
    // (one the transform wrote and something overwrote: the load sets it aside). A garbage object
    // named like a later processed run therefore never hides the ingest run of its seq.
    ManifestStore.Newest<ProcessedManifest> newest = processed.newestReadable(processed.recent());
    ManifestStore.Listing done = newest.listing();
    ProcessedManifest previous = newest.manifest();
    RunId last = previous == null ? null : previous.run();
    // an ingest manifest deleted in the middle of the chain before its transform: written again
    // from its seq's claim, or its run would be skipped for good
    ManifestStore.Restored gaps = ingest.restoreGaps(ingest.listing(last), last);
    ManifestStore.Listing after = gaps.listing();
    ManifestStore.Listing pending =
        new ManifestStore.Listing(pending(after.runs(), done.runs(), last), after.strayKeys());
    LOG.infof(
        "transform: %d pending ingest run(s) after %s",
        pending.runs().size(), last == null ? "none" : last);
    DimensionStates states =
        new DimensionStates(
            store,
            json.mapper(),
            ingest,
            processed,
            new IngestReader(store, json.mapper(), config.ingestBucket()));
    List<TransformSummary> summaries = new ArrayList<>();
    SetAsideRuns setAside = new SetAsideRuns(store, json, config.processedBucket());
    PendingRuns.Backlog backlog = PendingRuns.Backlog.NONE;
    int restored = gaps.manifests();
    try {
      for (RunId lost : LostProcessedRuns.find(done.runs(), processed, ingest)) {
        // the claim of its seq holds the very manifest: written again, nothing set aside (issue 26)
        if (processed.restore(lost)) {
          restored++;
        } else {
          summaries.add(setAsideLost(lost, setAside, processed));
        }
      }
      ProcessedManifest first = previous;
      backlog =
          PendingRuns.run(
              Stage.TRANSFORM,
              pending.runs(),
              budget,
              deadline,
              new PendingRuns.Work<TransformSummary>() {
                /** The processed manifest the next run follows. */
                private ProcessedManifest before = first;

                /** When the run being done started (epoch ms). */
                private long started;

                @Override
                public long rows(RunId run) {
                  IngestManifest m = ingest.readOrNull(run);
                  return m == null ? 0 : m.totalRows();
                }

                @Override
                public TransformSummary process(RunId run) {
                  started = clock.millis();
                  before = transform(ingest.read(run), before, processed, states);
                  return summary(before, clock.millis() - started);
                }

                @Override
                public TransformSummary setAside(RunId run, PipelineException failure) {
                  String reason =
                      "transform of ingest run " + run + " failed: " + failure.getMessage();
                  before = TransformJob.this.setAside(run, reason, before, setAside, processed);
                  return new TransformSummary(
                      run.toString(), 0, 0, Map.of(), clock.millis() - started, reason);
                }
              },
              summary -> {
                LOG.infof(
                    "transform summary %s",
                    new String(json.write(summary), StandardCharsets.UTF_8));
                summaries.add(summary);
                onRunDone.accept(summary);
              });
    } catch (ManifestConflictException e) {
      LOG.warnf(
          "transform stopped: %s; the invocation that wrote it goes on with the later runs",
          e.getMessage());
    }
    return new TransformResult(
        summaries,
        done.strayKeys().size() + pending.strayKeys().size(),
        backlog.runs(),
        backlog.rows(),
        states.rebuilt(),
        restored);
  }

  /**
   * Sets aside an ingest run whose processed manifest is gone ({@link LostProcessedRuns}): a
   * set-aside manifest under its name keeps the chain whole for the load, and the reason says how
   * to bring its rows in if they were not loaded before the manifest went.
   */
  private TransformSummary setAsideLost(
      RunId run, SetAsideRuns setAside, ManifestStore<ProcessedManifest> processed) {
    String reason =
        "the processed manifest of ingest run "
            + run
            + " is gone (deleted after it was written); if its rows had not been loaded,"
            + " repair the run to bring them in";
    setAside(run, reason, null, setAside, processed);
    TransformSummary summary = new TransformSummary(run.toString(), 0, 0, Map.of(), 0, reason);
    LOG.infof("transform summary %s", new String(json.write(summary), StandardCharsets.UTF_8));
    return summary;
  }

  /**
   * Sets {@code run} aside for {@code reason}: its record under {@code _failed/}, and a set-aside
   * processed manifest under its run id that follows {@code follows} (null: none), which it
   * returns.
   */
  private ProcessedManifest setAside(
      RunId run,
      String reason,
      ProcessedManifest follows,
      SetAsideRuns records,
      ManifestStore<ProcessedManifest> processed) {
    records.record(new SetAsideRun(run.toString(), Stage.TRANSFORM.id(), reason, clock.instant()));
    ProcessedManifest manifest =
        ProcessedManifest.setAside(run.toString(), clock.instant(), reason, follows);
    processed.write(manifest);
    return manifest;
  }

  /**
   * The ingest runs still to transform: those after {@code last} (the run of the newest readable
   * processed manifest; null: none) whose run id has no processed manifest ({@code processed}, the
   * processed bucket's runs), in run order.
   */
  public static List<RunId> pending(List<RunId> ingest, List<RunId> processed, RunId last) {
    Set<RunId> made = new HashSet<>(processed);
    return ingest.stream()
        .filter(r -> last == null || r.compareTo(last) > 0)
        .filter(r -> !made.contains(r))
        .toList();
  }

  private ProcessedManifest transform(
      IngestManifest manifest,
      ProcessedManifest previous,
      ManifestStore<ProcessedManifest> processed,
      DimensionStates states) {
    String attempt = Attempt.next();
    DimensionState state = states.after(previous);
    TransformRun run =
        new TransformRun(
            store,
            new IngestReader(store, json.mapper(), config.ingestBucket()),
            config.processedBucket(),
            config.partRows(),
            config.workers(),
            manifest,
            attempt,
            state,
            progress);
    List<ProcessedManifest.Table> tables = run.transform();
    IngestReader reader = new IngestReader(store, json.mapper(), config.ingestBucket());
    FileEntry deletions =
        SourceDeletions.write(
            manifest, reader, state, store, json.mapper(), config.processedBucket(), attempt);
    String rejectsKey =
        run.rejects().write(store, json.mapper(), config.processedBucket(), attempt);
    String statePrefix = DimensionState.prefix(manifest.runId(), attempt);
    state.write(store, json.mapper(), config.processedBucket(), statePrefix);
    ProcessedManifest done =
        new ProcessedManifest(
            manifest.runId(),
            clock.instant(),
            tables,
            run.rejects().count(),
            rejectsKey,
            statePrefix,
            later(
                run.newestSourceUpdate(), previous == null ? null : previous.newestSourceUpdate()),
            null,
            deletions,
            previous == null ? null : previous.runId());
    processed.write(done);
    return done;
  }

  private static TransformSummary summary(ProcessedManifest m, long durationMs) {
    Map<String, Long> rows = new LinkedHashMap<>();
    m.tables().forEach(t -> rows.put(t.table(), t.rows()));
    return new TransformSummary(m.runId(), m.totalRows(), m.rejects(), rows, durationMs);
  }

  /** The later of two times, either of which may be null. */
  private static LocalDateTime later(LocalDateTime a, LocalDateTime b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }
}
