package com.totaltotes.pipeline.transform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.totaltotes.pipeline.storage.GzipJsonLinesWriter;
import com.totaltotes.pipeline.storage.ObjectStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Rows that could not be mapped, with table, id and a readable reason; written to {@code
 * _rejects/<run>-<attempt>.jsonl.gz} with the row, counted and logged (the raw row is not logged:
 * it may hold customer data).
 */
final class Rejects {
  private static final Logger LOG = Logger.getLogger(Rejects.class);

  /** One rejected row. */
  record Reject(String table, Object id, String reason, Map<String, Object> row) {}

  private final String runId;
  private final List<Reject> rejects = new ArrayList<>();

  Rejects(String runId) {
    this.runId = runId;
  }

  synchronized void add(String table, Object id, String reason, Map<String, Object> row) {
    rejects.add(new Reject(table, id, reason, row));
    LOG.warnf("transform run %s rejected %s %s: %s", runId, table, id, reason);
  }

  synchronized long count() {
    return rejects.size();
  }

  /** Writes the rejects file; returns its key, or null when nothing was rejected. */
  synchronized String write(ObjectStore store, ObjectMapper mapper, String bucket, String attempt) {
    if (rejects.isEmpty()) {
      return null;
    }
    String key = "_rejects/" + runId + "-" + attempt + ".jsonl.gz";
    try (GzipJsonLinesWriter out = new GzipJsonLinesWriter(store, mapper, bucket, key)) {
      for (Reject r : rejects) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("run_id", runId);
        line.put("table", r.table());
        line.put("id", r.id());
        line.put("reason", r.reason());
        line.put("row", r.row());
        out.write(line);
      }
      out.finish();
    }
    return key;
  }
}
