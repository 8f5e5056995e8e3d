package com.totaltotes.pipeline.manifest;

import com.totaltotes.pipeline.PipelineException;
import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.json.MalformedObjectException;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.storage.ObjectOutput;
import com.totaltotes.pipeline.storage.ObjectStore;
import com.totaltotes.pipeline.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The manifests of one bucket, under {@code _manifests/<run>.json}. Manifests are never
 * overwritten, and a seq has one run: {@link #write} first <em>claims</em> the seq with a
 * conditional write ({@code If-None-Match: *}) of {@code _claims/<seq>/0.json}, a key that holds
 * the seq alone and whose body is the manifest itself, then writes the manifest (conditionally
 * too). Two invocations whose clocks name their runs differently can therefore never both complete
 * a run of one seq: the second claim finds the first. A claim whose manifest is missing (the writer
 * died between the two writes, or the manifest was deleted) is rolled forward by {@link
 * #restoreClaimed}, so the seq is never blocked.
 */
public final class ManifestStore<M extends Manifest> {
  public static final String PREFIX = "_manifests/";

  /**
   * The hint of the newest run, {@code _latest/run.txt}: its run id, overwritten after each
   * manifest. It only bounds listings ({@link #recent}); a missing, stale or wrong hint costs a
   * longer listing, never a run.
   */
  public static final String LATEST = "_latest/run.txt";

  /** How many runs before the hinted one a bounded listing ({@link #recent}) still holds. */
  public static final int RECENT_RUNS = 100;

  /** Where the seq claims live: {@code _claims/<seq>/<slot>.json}. */
  public static final String CLAIMS = "_claims/";

  /**
   * Slots one seq's claim can take: garbage in a slot (something that is not a manifest of that
   * seq) holds nothing, and writers move on to the next slot, all in the same order.
   */
  static final int CLAIM_SLOTS = 8;

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

  /** The key of slot {@code slot} of the claim of {@code seq}. */
  public static String claimKey(long seq, int slot) {
    return claimPrefix(seq) + slot + ".json";
  }

  /** The prefix of every slot of the claim of {@code seq}. */
  private static String claimPrefix(long seq) {
    return String.format("%s%08d/", CLAIMS, seq);
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

  /**
   * The manifests after a run, and the keys under the prefix that are no run's manifest; {@code
   * complete} when the listing started at the beginning of the chain.
   */
  public record Listing(List<RunId> runs, List<String> strayKeys, boolean complete) {
    public Listing(List<RunId> runs, List<String> strayKeys) {
      this(runs, strayKeys, true);
    }
  }

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
    return new Listing(List.copyOf(runs), List.copyOf(stray), after == null);
  }

  /**
   * The recent manifests: every run from {@link #RECENT_RUNS} seqs before the newest-run hint
   * ({@link #LATEST}) on, so that an invocation lists what the new runs need, not the whole
   * history. The hinted run must be in that listing, or the hint is not trusted and every manifest
   * is listed (a warning names the reason). Runs after the hinted one are always listed: a stale
   * hint only lengthens the listing.
   */
  public Listing recent() {
    RunId hint = hint();
    if (hint == null || hint.seq() <= RECENT_RUNS) {
      return listing(null);
    }
    Listing recent = listing(new RunId(hint.seq() - RECENT_RUNS, hint.startedAt()));
    if (!recent.runs().contains(hint)) {
      LOG.warnf(
          "s3://%s/%s names run %s, which has no manifest: listing every manifest",
          bucket, LATEST, hint);
      return listing(null);
    }
    return recent;
  }

  /** The run the hint names, or null (with a warning) when it is missing or not a run id. */
  private RunId hint() {
    String text;
    try (InputStream in = store.open(bucket, LATEST)) {
      text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
    } catch (com.totaltotes.pipeline.storage.ObjectNotFoundException e) {
      return null; // a chain from before the hint, or a new one
    } catch (IOException e) {
      throw new StorageException(
          "cannot read s3://" + bucket + "/" + LATEST + ": " + e.getMessage(), false, e);
    }
    if (!RunId.isRunId(text)) {
      LOG.warnf(
          "s3://%s/%s does not hold a run id: listing every manifest (the next run writes it"
              + " again)",
          bucket, LATEST);
      return null;
    }
    return RunId.parse(text);
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

  /** A listing and the newest readable manifest in it (null: none reads). */
  public record Newest<M>(Listing listing, M manifest) {}

  /**
   * The newest readable manifest of {@code listing}; when none of its runs reads and the listing is
   * not the whole chain (a {@link #recent} one), the whole chain is listed and searched instead.
   */
  public Newest<M> newestReadable(Listing listing) {
    M newest = newestReadable(listing.runs(), listing.runs().size());
    if (newest == null && !listing.complete()) {
      Listing all = listing(null);
      return new Newest<>(all, newestReadable(all.runs(), all.runs().size()));
    }
    return new Newest<>(listing, newest);
  }

  /** The newest manifest, or null. */
  public M latest() {
    RunId run = latestRun();
    return run == null ? null : read(run);
  }

  /**
   * Writes the manifest of its run: claims its seq, then writes the manifest. Call it last, after
   * every file it lists is stored.
   *
   * @throws ManifestConflictException when another run already has a manifest or the claim of the
   *     same seq; nothing was overwritten then, and nothing of this run will be read
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
    byte[] bytes = json.write(manifest);
    Claim claim = claim(run, bytes);
    if (!claim.run().equals(run.toString())) {
      throw new ManifestConflictException(
          "run seq "
              + run.seq()
              + " already has a manifest in bucket '"
              + bucket
              + "': it is claimed by run "
              + claim.run()
              + " (s3://"
              + bucket
              + "/"
              + claim.key()
              + "), another invocation that finished first; nothing was overwritten");
    }
    if (!store.createIfAbsent(bucket, key, bytes)) {
      throw new ManifestConflictException(
          "run "
              + run
              + " already has a manifest in bucket '"
              + bucket
              + "' (a concurrent invocation wrote it first); nothing was overwritten");
    }
    writeHint(run);
  }

  /**
   * Points the newest-run hint at {@code run}. Best effort: the manifest is written, so a failure
   * here only costs the next invocation a longer listing (a warning says so).
   */
  private void writeHint(RunId run) {
    try (ObjectOutput out = store.create(bucket, LATEST)) {
      out.write(run.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException | PipelineException e) {
      LOG.warnf(
          "cannot write s3://%s/%s (%s): the next invocation lists every manifest",
          bucket, LATEST, e.getMessage());
    }
  }

  /** The claim that holds a seq: the run it names, its key, and the manifest's bytes. */
  public record Claim(String run, String key, byte[] manifest) {}

  /**
   * Claims the seq of {@code run} for the manifest {@code bytes}; returns the claim that holds the
   * seq, this one or an earlier one of another run. The slots are tried in order; one holding
   * garbage is skipped with a warning.
   */
  private Claim claim(RunId run, byte[] bytes) {
    long seq = run.seq();
    for (int slot = 0; slot < CLAIM_SLOTS; slot++) {
      String key = claimKey(seq, slot);
      if (store.createIfAbsent(bucket, key, bytes)) {
        return new Claim(run.toString(), key, bytes);
      }
      Claim holder = readClaim(key, seq);
      if (holder != null) {
        return holder;
      }
    }
    throw PipelineException.permanentFailure(
        "run seq "
            + seq
            + ": all "
            + CLAIM_SLOTS
            + " claim slots under s3://"
            + bucket
            + "/"
            + claimPrefix(seq)
            + " hold objects that are not manifests of that seq; move them out of "
            + CLAIMS
            + " and run again");
  }

  /**
   * The claim in {@code key}, or null with a warning when it is gone or not a manifest of run seq
   * {@code seq}. A transient failure to read it is thrown.
   */
  private Claim readClaim(String key, long seq) {
    try {
      byte[] bytes;
      try (InputStream in = store.open(bucket, key)) {
        bytes = in.readAllBytes();
      }
      M m = json.read(new ByteArrayInputStream(bytes), type, "claim s3://" + bucket + "/" + key);
      if (!RunId.isRunId(m.runId()) || RunId.parse(m.runId()).seq() != seq) {
        LOG.warnf(
            "s3://%s/%s is not a claim of run seq %d (it holds the manifest of run %s): skipped",
            bucket, key, seq, m.runId());
        return null;
      }
      return new Claim(m.runId(), key, bytes);
    } catch (IOException e) {
      throw new StorageException(
          "cannot read s3://" + bucket + "/" + key + ": " + e.getMessage(), false, e);
    } catch (PipelineException e) {
      if (!e.permanent()) {
        throw e;
      }
      LOG.warnf("s3://%s/%s is not a claim: %s; skipped", bucket, key, e.getMessage());
      return null;
    }
  }

  /**
   * Rolls forward the claims that follow {@code listing}'s newest run and have no manifest: a run
   * whose writer died between its claim and its manifest (its files were all written before the
   * claim), or whose manifest was deleted later. Each such manifest is written again from its
   * claim, with a warning naming the key, so that the seq it holds is never blocked. Returns the
   * listing with the restored runs and how many there were.
   */
  public Restored restoreClaimed(Listing listing) {
    List<RunId> runs = new ArrayList<>(listing.runs());
    int restored = 0;
    while (true) {
      long seq = runs.isEmpty() ? 1 : runs.get(runs.size() - 1).seq() + 1;
      if (seq >= RunId.MAX_SEQ) {
        break;
      }
      Claim claim = holder(seq);
      if (claim == null) {
        break;
      }
      RunId run = RunId.parse(claim.run());
      writeFromClaim(run, claim);
      runs.add(run);
      restored++;
    }
    return new Restored(
        restored == 0
            ? listing
            : new Listing(List.copyOf(runs), listing.strayKeys(), listing.complete()),
        restored);
  }

  /**
   * Writes again, from their claims, the manifests of the seqs missing among the runs of {@code
   * listing} after {@code after} (null: from seq 1): a manifest deleted in the middle of the chain
   * before the next stage read it, whose run would otherwise be skipped. A missing seq with no
   * claim never had a run (the chain jumped over a garbage object named like a later run) or its
   * claim expired long after its run was done: it is left alone. A gap of up to {@value
   * #RECENT_RUNS} seqs is looked at seq by seq, a wider one with one listing of the claims after
   * it.
   */
  public Restored restoreGaps(Listing listing, RunId after) {
    List<RunId> runs = new ArrayList<>();
    long expected = after == null ? 1 : after.seq() + 1;
    int restored = 0;
    for (RunId run : listing.runs()) {
      if (run.seq() > expected) {
        for (Claim claim : claimsBetween(expected, run.seq())) {
          RunId lost = RunId.parse(claim.run());
          writeFromClaim(lost, claim);
          runs.add(lost);
          restored++;
        }
      }
      runs.add(run);
      expected = Math.max(expected, run.seq() + 1);
    }
    return new Restored(
        restored == 0
            ? listing
            : new Listing(List.copyOf(runs), listing.strayKeys(), listing.complete()),
        restored);
  }

  /** The claims of the seqs from {@code from} up to, not including, {@code to}, in seq order. */
  private List<Claim> claimsBetween(long from, long to) {
    List<Claim> claims = new ArrayList<>();
    for (long seq : to - from <= RECENT_RUNS ? seqsBetween(from, to) : claimedSeqs(from, to)) {
      Claim claim = holder(seq);
      if (claim != null) {
        claims.add(claim);
      }
    }
    return claims;
  }

  private static List<Long> seqsBetween(long from, long to) {
    return java.util.stream.LongStream.range(from, to).boxed().toList();
  }

  /**
   * The seqs from {@code from} up to, not including, {@code to} with a claim object: one listing.
   */
  private List<Long> claimedSeqs(long from, long to) {
    java.util.Set<Long> seqs = new java.util.TreeSet<>();
    for (String key : store.list(bucket, CLAIMS, claimPrefix(from - 1) + "~")) {
      String[] parts = key.substring(CLAIMS.length()).split("/", 2);
      if (parts.length == 2 && parts[0].matches("[0-9]{8}")) {
        long seq = Long.parseLong(parts[0]);
        if (seq >= to) {
          break;
        }
        seqs.add(seq);
      }
    }
    return List.copyOf(seqs);
  }

  /**
   * Writes the manifest of {@code run} again from the claim of its seq, when that claim holds this
   * very run (the manifest was deleted after it was written); returns whether it did. For a
   * manifest found gone in the middle of a chain; false for a chain older than claims, or a claim
   * that expired.
   */
  public boolean restore(RunId run) {
    Claim claim = holder(run.seq());
    if (claim == null || !claim.run().equals(run.toString())) {
      return false;
    }
    writeFromClaim(run, claim);
    return true;
  }

  /** Writes the manifest of {@code run} again from the claim that holds its bytes. */
  private void writeFromClaim(RunId run, Claim claim) {
    store.createIfAbsent(bucket, key(run), claim.manifest());
    LOG.warnf(
        "s3://%s/%s was missing although its seq is claimed by s3://%s/%s: written again from"
            + " the claim (its writer stopped between the two, or the manifest was deleted)",
        bucket, key(run), bucket, claim.key());
  }

  /** A listing after {@link #restoreClaimed}, and how many manifests it wrote again. */
  public record Restored(Listing listing, int manifests) {}

  /** The claim that holds {@code seq}, or null when none does. */
  private Claim holder(long seq) {
    List<String> keys = store.list(bucket, claimPrefix(seq), null);
    for (int slot = 0; slot < CLAIM_SLOTS; slot++) {
      String key = claimKey(seq, slot);
      if (keys.contains(key)) {
        Claim claim = readClaim(key, seq);
        if (claim != null) {
          return claim;
        }
      }
    }
    return null;
  }
}
