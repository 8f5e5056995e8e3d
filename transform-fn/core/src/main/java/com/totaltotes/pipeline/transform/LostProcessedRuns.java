package com.totaltotes.pipeline.transform;

import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.manifest.ManifestStore;
import com.totaltotes.pipeline.manifest.ProcessedManifest;
import com.totaltotes.pipeline.run.RunId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Finds the processed manifests that were written and then lost (deleted by hand, a lifecycle rule
 * gone wrong): the ingest runs between two listed processed runs whose later one says, in {@code
 * follows}, that it was made after a run no longer listed. Without its manifest the load would wait
 * for that seq for good, and the transform, which continues after the newest processed run, would
 * never make it again.
 *
 * <p>Only a gap in the processed chain costs anything: one manifest read per gap, and a listing of
 * the ingest manifests after the gap's start only when a run is really missing. A gap that the
 * later run explains by a listed run (the chain jumped over a garbage object named like a far-later
 * run) is no loss.
 */
final class LostProcessedRuns {
  private static final Logger LOG = Logger.getLogger(LostProcessedRuns.class);

  private LostProcessedRuns() {}

  /** The ingest runs, in run order, whose processed manifest is gone. */
  static List<RunId> find(
      List<RunId> processedRuns,
      ManifestStore<ProcessedManifest> processed,
      ManifestStore<IngestManifest> ingest) {
    Set<RunId> listed = new HashSet<>(processedRuns);
    List<RunId> lost = new ArrayList<>();
    for (int i = 1; i < processedRuns.size(); i++) {
      RunId before = processedRuns.get(i - 1);
      RunId after = processedRuns.get(i);
      if (after.seq() <= before.seq() + 1) {
        continue;
      }
      ProcessedManifest manifest = processed.readOrNull(after);
      if (manifest == null
          || manifest.follows() == null
          || !RunId.isRunId(manifest.follows())
          || listed.contains(RunId.parse(manifest.follows()))) {
        continue;
      }
      for (RunId run : ingest.runsAfter(before)) {
        if (run.compareTo(after) >= 0) {
          break;
        }
        if (!listed.contains(run)) {
          LOG.warnf(
              "the processed manifest %s of ingest run %s is gone (run %s follows it): it is set"
                  + " aside so that the load goes on",
              ManifestStore.key(run), run, after);
          lost.add(run);
        }
      }
    }
    return lost;
  }
}
