package com.totaltotes.pipeline.manifest;

import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.storage.ObjectOutput;
import com.totaltotes.pipeline.storage.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The manifests of one bucket, under {@code _manifests/<run>.json}. Manifests are never
 * overwritten: {@link #write} refuses a second manifest for the same seq.
 */
public final class ManifestStore<M extends Manifest> {
  public static final String PREFIX = "_manifests/";

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

  public String bucket() {
    return bucket;
  }

  /**
   * Run ids of every manifest after {@code after} (all when null), in run order. Objects under the
   * prefix whose name is not a run id (a stray upload) are ignored.
   */
  public List<RunId> runsAfter(RunId after) {
    String startAfter = after == null ? null : PREFIX + after.seqPrefix() + "~";
    return store.list(bucket, PREFIX, startAfter).stream()
        .filter(ManifestStore::isManifestKey)
        .map(k -> k.substring(PREFIX.length(), k.length() - ".json".length()))
        .filter(RunId::isRunId)
        .map(RunId::parse)
        .sorted()
        .toList();
  }

  /** The newest run, or null when there is none. */
  public RunId latestRun() {
    List<RunId> all = runsAfter(null);
    return all.isEmpty() ? null : all.get(all.size() - 1);
  }

  /** Reads a manifest. */
  public M read(RunId run) {
    String key = key(run);
    return json.read(store.open(bucket, key), type, "manifest s3://" + bucket + "/" + key);
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
    List<String> sameSeq = store.list(bucket, PREFIX + run.seqPrefix(), null);
    if (!sameSeq.isEmpty()) {
      throw new ManifestConflictException(
          "run seq " + run.seq() + " already has a manifest in bucket '" + bucket + "' ("
              + sameSeq.get(0) + "): another run finished first; nothing was overwritten");
    }
    String key = key(run);
    ObjectOutput out = store.create(bucket, key);
    try {
      out.write(json.write(manifest));
      out.close();
    } catch (IOException e) {
      out.abort();
      throw new UncheckedIOException("cannot write manifest s3://" + bucket + "/" + key, e);
    } catch (RuntimeException e) {
      out.abort();
      throw e;
    }
  }
}
