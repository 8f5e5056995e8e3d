package com.totaltotes.pipeline.cli;

import com.totaltotes.pipeline.PipelineException;
import com.totaltotes.pipeline.SqlErrors;
import com.totaltotes.pipeline.credentials.ConnectionSource;
import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.load.LoadLedger;
import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.manifest.ManifestStore;
import com.totaltotes.pipeline.manifest.ProcessedManifest;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.storage.ObjectOutput;
import com.totaltotes.pipeline.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-runs transform and load from the raw files already in the ingest bucket. The transform writes
 * into a fresh, empty processed bucket (the regular one is left as it is, so later {@code run}s go
 * on from it), then the loader loads every run of that bucket. The loader skips runs already in its
 * ledger and the warehouse deduplicates rows, so replaying into a loaded warehouse adds nothing,
 * while an emptied or restored warehouse is filled again.
 *
 * <p>From a given run on: the processed run just before it (its Parquet files, rejects, dimension
 * state and, last, its manifest) is first copied from the regular processed bucket, so the
 * transform resumes from the dimension state of that moment.
 */
public final class Replay {
  private final WorkspaceSession workspace;
  private final Pipeline pipeline;
  private final JsonCodec json = new JsonCodec();

  public Replay(WorkspaceSession workspace, Pipeline pipeline) {
    this.workspace = workspace;
    this.pipeline = pipeline;
  }

  /**
   * Replays into {@code replayBucket} (created; must be empty) and loads it into {@code warehouse}.
   *
   * @param from the first ingest run to transform again, or null for all of them
   * @throws PipelineException when the bucket is not empty, {@code from} is not an ingest run, or
   *     the run before it was never transformed
   */
  public Result run(ConnectionSource warehouse, String replayBucket, String from) {
    RunId first = from == null ? null : resolve(from);
    if (first != null) {
      requireRunsBefore(warehouse, first, from);
    }
    ObjectStore store = workspace.store();
    workspace.createBucket(replayBucket);
    if (!store.list(replayBucket, "", null).isEmpty()) {
      throw PipelineException.permanentFailure("replay bucket '" + replayBucket + "' is not empty");
    }
    if (first != null) {
      copyRunBefore(first, replayBucket);
    }
    StageReport transform = pipeline.transform(replayBucket);
    StageReport load = pipeline.load(warehouse, replayBucket);
    return new Result(transform, load);
  }

  /** The replay's transform and load. */
  public record Result(StageReport transform, StageReport load) {}

  /** The ingest run named by a full run id or by its seq alone ({@code 2} or {@code 00000002}). */
  RunId resolve(String from) {
    List<RunId> runs = ingest().runsAfter(null);
    for (RunId run : runs) {
      boolean match =
          from.matches("\\d{1,8}")
              ? run.seq() == Long.parseLong(from)
              : run.toString().equals(from);
      if (match) {
        return run;
      }
    }
    throw PipelineException.permanentFailure(
        "--from "
            + from
            + ": no such run in bucket '"
            + workspace.buckets().ingest()
            + "' ("
            + runs.size()
            + " runs; see totes status)");
  }

  /**
   * Refuses, before anything is written, a replay from {@code first} into a warehouse that lacks
   * the runs it builds on: the replay loads the copied run before {@code first} and the runs from
   * {@code first} on, each a change on top of the runs before it, so the warehouse must already
   * hold the run before the copied one (or the copied one itself). Otherwise every replayed run
   * would be set aside with foreign-key errors.
   */
  private void requireRunsBefore(ConnectionSource warehouse, RunId first, String from) {
    List<RunId> earlier =
        ingest().runsAfter(null).stream().filter(r -> r.compareTo(first) < 0).toList();
    if (earlier.size() < 2) {
      return; // the copied run is the first one (a full snapshot) or there is none
    }
    RunId copied = earlier.get(earlier.size() - 1);
    RunId needed = earlier.get(earlier.size() - 2);
    try (Connection c = warehouse.open()) {
      if (LoadLedger.holdsRowsOf(c, copied.toString())
          || LoadLedger.holdsRowsOf(c, needed.toString())) {
        return;
      }
    } catch (SQLException e) {
      throw PipelineException.transientFailure(
          "--from " + from + ": cannot read the warehouse's load ledger: " + SqlErrors.describe(e),
          e);
    }
    throw PipelineException.permanentFailure(
        "--from "
            + from
            + ": the warehouse has not loaded run "
            + needed
            + ", which the replayed runs build on: nothing replayed; replay without --from, or"
            + " with --from "
            + latestStart(warehouse, earlier)
            + " or earlier");
  }

  /**
   * The latest {@code --from} this warehouse can take: the run after the earliest of {@code runs}
   * whose rows it does not hold (a replay from there copies and loads that one on top of the runs
   * before it).
   */
  private static long latestStart(ConnectionSource warehouse, List<RunId> runs) {
    try (Connection c = warehouse.open()) {
      for (RunId run : runs) {
        if (!LoadLedger.holdsRowsOf(c, run.toString())) {
          return run.seq() + 1;
        }
      }
    } catch (SQLException e) {
      return 1;
    }
    return runs.get(runs.size() - 1).seq() + 1;
  }

  private void copyRunBefore(RunId from, String replayBucket) {
    RunId before = null;
    for (RunId run : ingest().runsAfter(null)) {
      if (run.compareTo(from) < 0) {
        before = run;
      }
    }
    if (before == null) {
      return; // the first run: the transform starts from no state anyway
    }
    String processedBucket = workspace.buckets().processed();
    ManifestStore<ProcessedManifest> processed =
        new ManifestStore<>(workspace.store(), json, processedBucket, ProcessedManifest.class);
    RunId previous = before;
    if (processed.runsAfter(null).stream()
        .noneMatch(r -> r.toString().equals(previous.toString()))) {
      throw PipelineException.permanentFailure(
          "--from "
              + from
              + ": run "
              + before
              + " before it was never"
              + " transformed into bucket '"
              + processedBucket
              + "'; replay without --from");
    }
    ProcessedManifest manifest = processed.read(before);
    List<String> keys = new ArrayList<>();
    manifest.tables().forEach(t -> t.files().stream().map(FileEntry::key).forEach(keys::add));
    if (manifest.rejectsKey() != null) {
      keys.add(manifest.rejectsKey());
    }
    if (manifest.statePrefix() != null) {
      keys.addAll(workspace.store().list(processedBucket, manifest.statePrefix(), null));
    }
    keys.add(ManifestStore.key(before)); // last: the manifest completes the copied run
    for (String key : keys) {
      copy(processedBucket, replayBucket, key);
    }
  }

  private void copy(String fromBucket, String toBucket, String key) {
    ObjectStore store = workspace.store();
    ObjectOutput out = store.create(toBucket, key);
    try (InputStream in = store.open(fromBucket, key)) {
      in.transferTo(out);
      out.close();
    } catch (IOException e) {
      out.abort();
      throw new UncheckedIOException(
          "cannot copy s3://" + fromBucket + "/" + key + " to bucket " + toBucket, e);
    } catch (RuntimeException e) {
      out.abort();
      throw e;
    }
  }

  private ManifestStore<IngestManifest> ingest() {
    return new ManifestStore<>(
        workspace.store(), json, workspace.buckets().ingest(), IngestManifest.class);
  }
}
