package com.totaltotes.pipeline.transform;

import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.manifest.ManifestStore;
import com.totaltotes.pipeline.manifest.ProcessedManifest;
import com.totaltotes.pipeline.run.RowProgress;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.storage.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Transforms every ingest run newer than the newest processed run, in run order. A run already
 * processed is never redone, so duplicate and out-of-order events change nothing. Per run, the
 * Parquet files, the rejects and the dimension state are written first and the processed manifest
 * last.
 */
public final class TransformJob {
  private static final Logger LOG = Logger.getLogger(TransformJob.class);

  private final ObjectStore store;
  private final JsonCodec json;
  private final Clock clock;
  private final TransformConfig config;
  private final RowProgress progress;

  public TransformJob(ObjectStore store, JsonCodec json, Clock clock, TransformConfig config) {
    this(store, json, clock, config, RowProgress.NONE);
  }

  /** A job that reports rows written as it goes (the local runner's progress display). */
  public TransformJob(ObjectStore store, JsonCodec json, Clock clock, TransformConfig config,
      RowProgress progress) {
    this.store = store;
    this.json = json;
    this.clock = clock;
    this.config = config;
    this.progress = progress;
  }

  /** Processes every pending ingest run; returns one summary per run done (empty: nothing to do). */
  public List<TransformSummary> run() {
    ManifestStore<IngestManifest> ingest =
        new ManifestStore<>(store, json, config.ingestBucket(), IngestManifest.class);
    ManifestStore<ProcessedManifest> processed =
        new ManifestStore<>(store, json, config.processedBucket(), ProcessedManifest.class);
    ProcessedManifest previous = processed.latest();
    List<RunId> pending = ingest.runsAfter(previous == null ? null : previous.run());
    LOG.infof("transform: %d pending ingest run(s) after %s", pending.size(),
        previous == null ? "none" : previous.runId());
    List<TransformSummary> summaries = new ArrayList<>();
    for (RunId run : pending) {
      previous = transform(ingest.read(run), previous, processed, summaries);
    }
    return summaries;
  }

  private ProcessedManifest transform(
      IngestManifest manifest, ProcessedManifest previous, ManifestStore<ProcessedManifest> processed,
      List<TransformSummary> summaries) {
    Instant started = clock.instant();
    DimensionState state = DimensionState.read(store, json.mapper(), config.processedBucket(),
        previous == null ? null : previous.statePrefix());
    RunTransform run = new RunTransform(store, new IngestReader(store, json.mapper(), config.ingestBucket()),
        config.processedBucket(), config.partRows(), config.workers(), manifest, state, progress);
    List<ProcessedManifest.Table> tables = run.transform();
    String rejectsKey = run.rejects().write(store, json.mapper(), config.processedBucket());
    String statePrefix = DimensionState.prefix(manifest.runId());
    state.write(store, json.mapper(), config.processedBucket(), statePrefix);
    ProcessedManifest done = new ProcessedManifest(manifest.runId(), clock.instant(), tables,
        run.rejects().count(), rejectsKey, statePrefix,
        later(run.newestSourceUpdate(), previous == null ? null : previous.newestSourceUpdate()));
    processed.write(done);
    TransformSummary summary = summary(done, clock.instant().toEpochMilli() - started.toEpochMilli());
    LOG.infof("transform summary %s", new String(json.write(summary), StandardCharsets.UTF_8));
    summaries.add(summary);
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
