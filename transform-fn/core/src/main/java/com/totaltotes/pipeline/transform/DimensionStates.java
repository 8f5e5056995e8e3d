package com.totaltotes.pipeline.transform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.totaltotes.pipeline.PipelineException;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.manifest.ManifestStore;
import com.totaltotes.pipeline.manifest.ProcessedManifest;
import com.totaltotes.pipeline.run.PoisonRun;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.storage.ObjectStore;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The dimension state a run starts from: the state the run before it wrote ({@code _state/…} of the
 * newest processed manifest) or, when that state is gone or unreadable, the same state rebuilt from
 * what is still trustworthy: the newest earlier state that reads, brought forward over the raw
 * ingest runs transformed since ({@link DimensionState#replay}). A lost state file therefore costs
 * one slower run (a warning naming the key and a {@code DimensionStateRebuilt} metric), not every
 * later run: the rebuilt state is written under the new run's prefix as usual.
 *
 * <p>Runs set aside are skipped (their rows never reached the state; a repair brings them in as a
 * new run). If no earlier state reads, the rebuild starts from the empty state and replays every
 * ingest run from the first. A raw run that cannot be read during the rebuild fails the run with
 * that reason (it is set aside like any run whose files are damaged).
 */
final class DimensionStates {
  private static final Logger LOG = Logger.getLogger(DimensionStates.class);

  private final ObjectStore store;
  private final ObjectMapper mapper;
  private final String bucket;
  private final ManifestStore<IngestManifest> ingest;
  private final ManifestStore<ProcessedManifest> processed;
  private final IngestReader reader;
  private int rebuilt;

  DimensionStates(
      ObjectStore store,
      ObjectMapper mapper,
      ManifestStore<IngestManifest> ingest,
      ManifestStore<ProcessedManifest> processed,
      IngestReader reader) {
    this.store = store;
    this.mapper = mapper;
    this.bucket = processed.bucket();
    this.ingest = ingest;
    this.processed = processed;
    this.reader = reader;
  }

  /** How many states this instance had to rebuild. */
  int rebuilt() {
    return rebuilt;
  }

  /** The state after {@code previous} (null: the first run, an empty state). */
  DimensionState after(ProcessedManifest previous) {
    if (previous == null) {
      return new DimensionState();
    }
    try {
      return DimensionState.read(store, mapper, bucket, previous.statePrefix());
    } catch (PipelineException e) {
      if (!e.permanent() || !PoisonRun.is(e)) {
        throw e;
      }
      LOG.warnf(
          "dimension state s3://%s/%s of processed run %s cannot be used (%s): rebuilding it from"
              + " the newest readable earlier state and the raw runs since",
          bucket, previous.statePrefix(), previous.runId(), e.getMessage());
      DimensionState state = rebuild(previous);
      rebuilt++;
      return state;
    }
  }

  private DimensionState rebuild(ProcessedManifest previous) {
    List<RunId> runs = processed.runsAfter(null);
    int at = runs.indexOf(previous.run());
    String broken = previous.statePrefix();
    Deque<RunId> replay = new ArrayDeque<>();
    DimensionState base = null;
    String from = "the empty state";
    for (int i = at; i >= 0; i--) {
      ProcessedManifest m = i == at ? previous : processed.readOrNull(runs.get(i));
      if (m == null || m.wasSetAside()) {
        continue; // unreadable, or set aside: its rows never reached the state
      }
      if (m.statePrefix() != null && !m.statePrefix().equals(broken)) {
        try {
          base = DimensionState.read(store, mapper, bucket, m.statePrefix());
          from = "s3://" + bucket + "/" + m.statePrefix();
          break;
        } catch (PipelineException e) {
          if (!e.permanent() || !PoisonRun.is(e)) {
            throw e;
          }
          LOG.warnf("dimension state of processed run %s cannot be used either: %s", m.runId(), e);
        }
      }
      replay.push(m.run());
    }
    DimensionState state = base == null ? new DimensionState() : base;
    for (RunId run : replay) { // oldest first
      state.replay(ingest.read(run), reader);
    }
    LOG.warnf(
        "dimension state after processed run %s rebuilt from %s and %d raw run(s)",
        previous.runId(), from, replay.size());
    return state;
  }
}
