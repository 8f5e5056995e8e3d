package com.totaltotes.pipeline.transform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.totaltotes.pipeline.json.MalformedObjectException;
import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.source.SourceTable;
import com.totaltotes.pipeline.storage.GzipJsonLinesWriter;
import com.totaltotes.pipeline.storage.ObjectStore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The source rows an ingest run found deleted (or there again), passed on to the load as {@code
 * _deletions/<run>-<attempt>.jsonl.gz} in the processed bucket ({@code {"table":"payment","id":7,
 * "event":"deleted"}}). A deleted row of a joined table (address, department, staff, counterparty)
 * also leaves the dimension state, so that no later fact is built on it.
 */
final class SourceDeletions {
  private SourceDeletions() {}

  /** Writes the run's deletions; returns their entry, or null when the run has none. */
  static FileEntry write(
      IngestManifest manifest,
      IngestReader reader,
      DimensionState state,
      ObjectStore store,
      ObjectMapper mapper,
      String bucket,
      String attempt) {
    String key = "_deletions/" + manifest.runId() + "-" + attempt + ".jsonl.gz";
    GzipJsonLinesWriter out = null;
    try {
      for (IngestManifest.Table table : manifest.tables()) {
        if (table.deletions().isEmpty()) {
          continue;
        }
        if (out == null) {
          out = new GzipJsonLinesWriter(store, mapper, bucket, key);
        }
        GzipJsonLinesWriter sink = out;
        reader.forEachRow(
            table.deletions(),
            row -> {
              Object id = row.get("id");
              Object event = row.get("event");
              if (!(id instanceof Number n)
                  || !("deleted".equals(event) || "appeared".equals(event))) {
                throw new MalformedObjectException(
                    "a deletions row of "
                        + table.table()
                        + " in run "
                        + manifest.runId()
                        + " is not {\"id\":N,\"event\":…}",
                    null);
              }
              SourceTable source = SourceTable.byName(table.table()).orElse(null);
              if ("deleted".equals(event) && DimensionState.TABLES.contains(source)) {
                state.table(source).remove(n.intValue());
              }
              Map<String, Object> line = new LinkedHashMap<>();
              line.put("table", table.table());
              line.put("id", n.intValue());
              line.put("event", event);
              sink.write(line);
            });
      }
      return out == null ? null : out.finish();
    } finally {
      if (out != null) {
        out.close(); // discards the object unless finished
      }
    }
  }
}
