package com.totaltotes.pipeline.manifest;

import com.totaltotes.pipeline.PipelineException;
import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.json.MalformedObjectException;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.storage.ObjectStore;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The manifests of one bucket, under {@code _manifests/<run>.json}. Manifests are never
 * overwritten: {@link #write} refuses a second manifest for the same seq (a listing first, then a
 * conditional write, {@code If-None-Match: *}, where the server supports it).
 */
public final class ManifestStore<M extends Manifest> {
  public static final String PREFIX = "_manifests/";
  private static final Logger LOG = Logger.getLogger(ManifestStore.class);

  private final ObjectStore store;
  private final JsonCodec json;
  private final String bucket;
  private final Class<M> type;

  public ManifestStore(ObjectStore store, JsonCodec json, String bucket, Class<M> type) {
    this.store = store;
    this.json = json;
    this.bucket = bucket;
    this.type = type;
  }

  public static String key(RunId run) {
    return PREFIX + run + ".json";
  }

  /** Whether {@code key} names a manifest (the S3 notification filter, checked again in code). */
  public static boolean isManifestKey(String key) {
    return key != null && key.startsWith(PREFIX) && key.endsWith(".json");
  }

  /** The run id a manifest key names (not checked), or "" for a key that is no manifest's. */
  private static String runName(String key) {
    return isManifestKey(key)
        ? key.substring(PREFIX.length(), key.length() - ".json".length())
        : "";
  }

  public String bucket() {
    return bucket;
  }

  /** The manifests after a run, and the keys under the prefix that are no run's manifest. */
  public record Listing(List<RunId> runs, List<String> strayKeys) {}

  /**
   * Run ids of every manifest after {@code after} (all when null), in run order. Objects under the
   * prefix whose name is not a run id (a stray upload) are skipped with a warning.
   */
  public List<RunId> runsAfter(RunId after) {
    return listing(after).runs();
  }

  /**
   * Every manifest after {@code after} (all when null), in run order, and the stray keys under the
   * prefix (each logged as a warning; the caller counts them as a metric).
   */
  public Listing listing(RunId after) {
    String startAfter = after == null ? null : PREFIX + after.seqPrefix() + "~";
    List<RunId> runs = new ArrayList<>();
    List<String> stray = new ArrayList<>();
    for (String key : store.list(bucket, PREFIX, startAfter)) {
      String name = runName(key);
      if (RunId.isRunId(name)) {
        runs.add(RunId.parse(name));
      } else {
        stray.add(key);
        LOG.warnf(
            "s3://%s/%s is not a run manifest (expected %s<seq>-<yyyyMMddTHHmmssZ>.json, a real"
                + " UTC time and a seq from 1 to %d): skipped",
            bucket, key, PREFIX, RunId.MAX_SEQ - 1);
      }
    }
    runs.sort(null);
    return new Listing(List.copyOf(runs), List.copyOf(stray));
  }

  /**
   * Whether {@code key}, a key with the seq of a manifest about to be written, holds a readable
   * manifest of the run its name says. A garbage object under a run's name (not a manifest, or not
   * that run's) holds no seq: it is skipped with a warning, so that it cannot stop the chain for
   * good. A transient failure to read it is thrown.
   */
  private boolean holdsManifest(String key) {
    String name = runName(key);
    if (!RunId.isRunId(name)) {
      LOG.warnf("s3://%s/%s is not a run manifest: it does not hold its seq", bucket, key);
      return false;
    }
    return readOrNull(RunId.parse(name)) != null;
  }

  /** The newest run, or null when there is none. */
  public RunId latestRun() {
    List<RunId> all = runsAfter(null);
    return all.isEmpty() ? null : all.get(all.size() - 1);
  }

  /**
   * Reads a manifest.
   *
   * @throws MalformedObjectException (permanent) when the object is not a manifest, or is the
   *     manifest of another run (a copy under the wrong name)
   */
  public M read(RunId run) {
    String key = key(run);
    M manifest = json.read(store.open(bucket, key), type, "manifest s3://" + bucket + "/" + key);
    if (!run.toString().equals(manifest.runId())) {
      throw new MalformedObjectException(
          "manifest s3://"
              + bucket
              + "/"
              + key
              + " is the manifest of run "
              + manifest.runId()
              + ", not of the run its name says",
          null);
    }
    return manifest;
  }

  /**
   * Reads a manifest, or returns null with a warning when it cannot be read for good (corrupt,
   * foreign or gone); a transient failure is thrown.
   */
  public M readOrNull(RunId run) {
    try {
      return read(run);
    } catch (PipelineException e) {
      if (!e.permanent()) {
        throw e;
      }
      LOG.warnf(
          "manifest of run %s in bucket '%s' cannot be read: %s", run, bucket, e.getMessage());
      return null;
    }
  }

  /**
   * The newest readable manifest among the first {@code upTo} of {@code runs} (in run order), or
   * null.
   */
  public M newestReadable(List<RunId> runs, int upTo) {
    for (int i = upTo - 1; i >= 0; i--) {
      M manifest = readOrNull(runs.get(i));
      if (manifest != null) {
        return manifest;
      }
    }
    return null;
  }

  /** The newest manifest, or null. */
  public M latest() {
    RunId run = latestRun();
    return run == null ? null : read(run);
  }

  /**
   * Writes the manifest of its run. Call it last, after every file it lists is stored.
   *
   * @throws ManifestConflictException when a manifest with the same seq already exists
   */
  public void write(M manifest) {
    RunId run = manifest.run();
    String key = key(run);
    for (String other : store.list(bucket, PREFIX + run.seqPrefix(), null)) {
      if (other.equals(key) || holdsManifest(other)) {
        throw new ManifestConflictException(
            "run seq "
                + run.seq()
                + " already has a manifest in bucket '"
                + bucket
                + "' ("
                + other
                + "): another run finished first; nothing was overwritten");
      }
    }
    if (!store.createIfAbsent(bucket, key, json.write(manifest))) {
      throw new ManifestConflictException(
          "run "
              + run
              + " already has a manifest in bucket '"
              + bucket
              + "' (a concurrent invocation wrote it first); nothing was overwritten");
    }
  }
}
