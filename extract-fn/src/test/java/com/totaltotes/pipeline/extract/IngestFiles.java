package com.totaltotes.pipeline.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.storage.ObjectStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Reads back what an extract run stored: an independent check of the files, not of the job. */
final class IngestFiles {
  private IngestFiles() {}

  static List<JsonNode> rows(
      ObjectStore store, String bucket, IngestManifest manifest, String table) {
    JsonCodec json = new JsonCodec();
    List<JsonNode> rows = new ArrayList<>();
    for (FileEntry f : manifest.table(table).files()) {
      try (BufferedReader r =
          new BufferedReader(
              new InputStreamReader(
                  new GZIPInputStream(store.open(bucket, f.key())), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          rows.add(json.mapper().readTree(line));
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return rows;
  }
}
