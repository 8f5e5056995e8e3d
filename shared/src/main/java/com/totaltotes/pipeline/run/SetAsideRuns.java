package com.totaltotes.pipeline.run;

import com.totaltotes.pipeline.PipelineException;
import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.storage.ObjectStore;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/** The set-aside records of one bucket ({@code _failed/<run>.json}). */
public final class SetAsideRuns {
  private static final Logger LOG = Logger.getLogger(SetAsideRuns.class);

  private final ObjectStore store;
  private final JsonCodec json;
  private final String bucket;

  public SetAsideRuns(ObjectStore store, JsonCodec json, String bucket) {
    this.store = store;
    this.json = json;
    this.bucket = bucket;
  }

  /**
   * Records {@code run} as set aside. The first record of a run stays (a second function or a retry
   * finding the same run broken does not overwrite it).
   */
  public void record(SetAsideRun run) {
    String key = SetAsideRun.key(run.runId());
    if (!store.exists(bucket, key)) {
      store.createIfAbsent(bucket, key, json.write(run));
    }
    LOG.errorf(
        "%s set run %s aside: %s (s3://%s/%s); later runs go on. Repair: ./totes repair %s, "
            + "or the extract function's repair event",
        run.function(), run.runId(), run.reason(), bucket, key, run.runId());
  }

  /** Every set-aside record, in run order; an unreadable record is reported by its key. */
  public List<SetAsideRun> list() {
    List<SetAsideRun> runs = new ArrayList<>();
    for (String key : store.list(bucket, SetAsideRun.PREFIX, null)) {
      if (!key.endsWith(".json")) {
        continue;
      }
      String runId = key.substring(SetAsideRun.PREFIX.length(), key.length() - ".json".length());
      try {
        runs.add(
            json.read(store.open(bucket, key), SetAsideRun.class, "s3://" + bucket + "/" + key));
      } catch (PipelineException e) {
        runs.add(new SetAsideRun(runId, "unknown", "unreadable record: " + e.getMessage(), null));
      }
    }
    return runs;
  }
}
