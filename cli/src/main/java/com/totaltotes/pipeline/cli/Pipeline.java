package com.totaltotes.pipeline.cli;

import com.totaltotes.pipeline.credentials.ConnectionSource;
import com.totaltotes.pipeline.extract.ExtractConfig;
import com.totaltotes.pipeline.extract.ExtractJob;
import com.totaltotes.pipeline.extract.ExtractSummary;
import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.load.LoadConfig;
import com.totaltotes.pipeline.load.LoadFaultHook;
import com.totaltotes.pipeline.load.LoadJob;
import com.totaltotes.pipeline.load.LoadSummary;
import com.totaltotes.pipeline.manifest.ManifestConflictException;
import com.totaltotes.pipeline.run.RowProgress;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.run.Stage;
import com.totaltotes.pipeline.transform.TransformConfig;
import com.totaltotes.pipeline.transform.TransformJob;
import com.totaltotes.pipeline.transform.TransformSummary;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The local runner's wiring: the very same {@link ExtractJob}, {@link TransformJob} and {@link
 * LoadJob} the Lambda functions run, built by hand over one open {@link WorkspaceSession}. Each
 * stage reports to the progress listener as soon as it is done. Failures propagate unchanged.
 */
public final class Pipeline {
  private static final Logger LOG = Logger.getLogger(Pipeline.class);

  /** What the last extract said should follow it (a bounded cycle goes on only on CONTINUE). */
  private ExtractSummary.Next lastExtract = ExtractSummary.Next.DONE;

  private final WorkspaceSession workspace;
  private final JsonCodec json;
  private final Clock clock;
  private final Consumer<StageReport> progress;
  private final RowProgress rows;
  private ExtractConfig extractConfig;

  /**
   * @param workspace the open store and buckets
   * @param clock names runs (the data's watermarks come from the database, never from it)
   * @param progress told about every finished stage
   */
  public Pipeline(WorkspaceSession workspace, Clock clock, Consumer<StageReport> progress) {
    this(workspace, clock, progress, RowProgress.NONE);
  }

  /** A pipeline whose stages also report rows as they go, to {@code rows}. */
  public Pipeline(
      WorkspaceSession workspace, Clock clock, Consumer<StageReport> progress, RowProgress rows) {
    this(workspace, clock, progress, rows, null);
  }

  /**
   * A pipeline whose extract reads the database clock in {@code sourceTimeZone} (null: the
   * default). Every other setting is the functions' default ({@link ExtractSettings}, {@link
   * TransformSettings}).
   */
  public Pipeline(
      WorkspaceSession workspace,
      Clock clock,
      Consumer<StageReport> progress,
      RowProgress rows,
      ZoneId sourceTimeZone) {
    // uncapped unless maxRowsPerRun(...) says otherwise (./totes run passes its option)
    ExtractConfig defaults =
        ExtractConfig.defaults(workspace.buckets().ingest())
            .withMaxRowsPerRun(ExtractConfig.UNBOUNDED);
    this.extractConfig =
        sourceTimeZone == null ? defaults : defaults.withSourceTimeZone(sourceTimeZone);
    this.workspace = Objects.requireNonNull(workspace, "workspace");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.progress = Objects.requireNonNull(progress, "progress");
    this.rows = Objects.requireNonNull(rows, "rows");
    this.json = new JsonCodec();
  }

  /**
   * Makes every extract a bounded run of at most {@code rows} source rows (0: no cap); a cycle then
   * repeats extract → transform → load until the backlog is done.
   */
  public Pipeline maxRowsPerRun(long rows) {
    this.extractConfig = extractConfig.withMaxRowsPerRun(rows);
    return this;
  }

  /** Extract, transform, load: one incremental cycle from the source to the warehouse. */
  public CycleReport cycle(ConnectionSource source, ConnectionSource warehouse) {
    return cycle(source, warehouse, List.of());
  }

  /** One cycle whose extract also repairs the given set-aside runs. */
  public CycleReport cycle(
      ConnectionSource source, ConnectionSource warehouse, List<RunId> repairs) {
    CycleReport all = null;
    // a bounded extract run leaves the rest of the backlog to the next one: extract → transform →
    // load per bounded run (each a complete run, manifest last), until the source is caught up
    do {
      StageReport extract = extract(source, all == null ? repairs : List.of());
      StageReport transform = transform(workspace.buckets().processed());
      StageReport load = load(warehouse, workspace.buckets().processed());
      CycleReport one = new CycleReport(extract, transform, load);
      all = all == null ? one : all.plus(one);
    } while (all.extract().backlog() > 0 && lastExtract == ExtractSummary.Next.CONTINUE);
    if (lastExtract == ExtractSummary.Next.STALLED) {
      LOG.warnf(
          "extract left %d rows but moved no position: stopping the bounded runs here (another run"
              + " would do the same); the next ./totes run continues",
          all.extract().backlog());
    }
    return all;
  }

  /** One extract run into the ingest bucket. */
  public StageReport extract(ConnectionSource source) {
    return extract(source, List.of());
  }

  /** One extract run into the ingest bucket that also repairs the given set-aside runs. */
  public StageReport extract(ConnectionSource source, List<RunId> repairs) {
    long started = System.nanoTime();
    ExtractSummary summary;
    try {
      summary =
          new ExtractJob(source, workspace.store(), json, clock, extractConfig, rows).run(repairs);
    } catch (ManifestConflictException e) {
      // another extract completed this seq first (its run is the one the chain goes on with):
      // nothing of this one is ever read
      LOG.warnf("extract ended without a run: %s", e.getMessage());
      lastExtract = ExtractSummary.Next.DONE;
      return report(new StageReport(Stage.EXTRACT, List.of(), 0, 0, 0, since(started)));
    }
    lastExtract = summary.next();
    return report(
        new StageReport(
            Stage.EXTRACT,
            List.of(summary.runId()),
            summary.rows(),
            0,
            0,
            since(started),
            Map.of(),
            summary.deletedRows(),
            summary.backlogRows()));
  }

  /** Every pending ingest run, transformed into {@code processedBucket}. */
  public StageReport transform(String processedBucket) {
    long started = System.nanoTime();
    List<TransformSummary> runs =
        new TransformJob(
                workspace.store(),
                json,
                clock,
                TransformConfig.defaults(workspace.buckets().ingest(), processedBucket),
                rows)
            .run();
    Map<String, String> setAside = new LinkedHashMap<>();
    runs.stream()
        .filter(r -> r.setAside() != null)
        .forEach(r -> setAside.put(r.runId(), r.setAside()));
    return report(
        new StageReport(
            Stage.TRANSFORM,
            runs.stream().map(TransformSummary::runId).toList(),
            runs.stream().mapToLong(TransformSummary::rows).sum(),
            runs.stream().mapToLong(TransformSummary::rejected).sum(),
            0,
            since(started),
            setAside));
  }

  /** Every processed run of {@code processedBucket} that is not in the warehouse's load ledger. */
  public StageReport load(ConnectionSource warehouse, String processedBucket) {
    long started = System.nanoTime();
    List<LoadSummary> runs =
        new LoadJob(
                warehouse,
                workspace.store(),
                json,
                clock,
                new LoadConfig(processedBucket, workspace.tempDir()),
                LoadFaultHook.NONE,
                rows)
            .run();
    Map<String, String> setAside = new LinkedHashMap<>();
    runs.stream()
        .filter(r -> r.setAside() != null)
        .forEach(r -> setAside.put(r.runId(), r.setAside()));
    return report(
        new StageReport(
            Stage.LOAD,
            runs.stream().map(LoadSummary::runId).toList(),
            runs.stream().mapToLong(LoadSummary::rowsWritten).sum(),
            0,
            runs.stream().filter(LoadSummary::skipped).count(),
            since(started),
            setAside));
  }

  private StageReport report(StageReport report) {
    progress.accept(report);
    return report;
  }

  private static Duration since(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }
}
