package com.totaltotes.pipeline.transform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.storage.ObjectOutput;
import com.totaltotes.pipeline.storage.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

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
    ObjectOutput out = null;
    GZIPOutputStream gz = null;
    long rows = 0;
    try {
      for (IngestManifest.Table table : manifest.tables()) {
        if (table.deletions().isEmpty()) {
          continue;
        }
        if (out == null) {
          out = store.create(bucket, key);
          gz = new GZIPOutputStream(new com.totaltotes.pipeline.storage.KeepOpen(out));
        }
        GZIPOutputStream sink = gz;
        long[] written = {0};
        reader.forEachRow(
            table.deletions(),
            row -> {
              Object id = row.get("id");
              Object event = row.get("event");
              if (!(id instanceof Number n)
                  || !("deleted".equals(event) || "appeared".equals(event))) {
                throw new com.totaltotes.pipeline.json.MalformedObjectException(
                    "a deletions row of "
                        + table.table()
                        + " in run "
                        + manifest.runId()
                        + " is not {\"id\":N,\"event\":…}",
                    null);
              }
              if ("deleted".equals(event) && DimensionState.TABLES.contains(table.table())) {
                state.table(table.table()).remove(n.intValue());
              }
              Map<String, Object> line = new LinkedHashMap<>();
              line.put("table", table.table());
              line.put("id", n.intValue());
              line.put("event", event);
              try {
                sink.write(mapper.writeValueAsBytes(line));
                sink.write('\n');
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              written[0]++;
            });
        rows += written[0];
      }
      if (out == null) {
        return null;
      }
      gz.close();
      out.close();
      return new FileEntry(key, rows, out.size(), out.sha256());
    } catch (IOException | RuntimeException e) {
      if (out != null) {
        out.abort();
      }
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new UncheckedIOException("cannot write s3://" + bucket + "/" + key, (IOException) e);
    }
  }
}
