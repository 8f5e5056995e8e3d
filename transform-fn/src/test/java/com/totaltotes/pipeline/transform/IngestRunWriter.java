package com.totaltotes.pipeline.transform;

import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.manifest.ManifestStore;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.source.SourceTable;
import com.totaltotes.pipeline.storage.ObjectOutput;
import com.totaltotes.pipeline.storage.ObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Writes hand-made ingest runs in the extract's format (test fixture builder). */
final class IngestRunWriter {
  private final ObjectStore store;
  private final String bucket;
  private final JsonCodec json = new JsonCodec();

  IngestRunWriter(ObjectStore store, String bucket) {
    this.store = store;
    this.bucket = bucket;
  }

  static RunId runId(long seq) {
    return new RunId(seq, Instant.parse("2026-11-24T11:50:00Z").plusSeconds(600 * seq));
  }

  /** Stores run {@code seq} with the given rows (tables not named have no rows); manifest last. */
  IngestManifest write(long seq, Map<String, List<Map<String, Object>>> rows) {
    RunId run = runId(seq);
    List<IngestManifest.Table> tables = new ArrayList<>();
    for (SourceTable t : SourceTable.values()) {
      List<Map<String, Object>> list = rows.getOrDefault(t.tableName(), List.of());
      List<FileEntry> files = new ArrayList<>();
      if (!list.isEmpty()) {
        StringBuilder text = new StringBuilder();
        for (Map<String, Object> row : list) {
          text.append(new String(json.write(row), java.nio.charset.StandardCharsets.UTF_8))
              .append('\n');
        }
        String key = t.tableName() + "/dt=2026-11-24/" + run + "-00001.jsonl.gz";
        files.add(
            put(
                key,
                gzip(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                list.size()));
      }
      tables.add(new IngestManifest.Table(t.tableName(), null, null, list.size(), files));
    }
    IngestManifest manifest =
        new IngestManifest(run.toString(), run.startedAt(), run.startedAt(), 600, tables);
    new ManifestStore<>(store, json, bucket, IngestManifest.class).write(manifest);
    return manifest;
  }

  FileEntry put(String key, byte[] bytes, long rows) {
    try (ObjectOutput out = store.create(bucket, key)) {
      out.write(bytes);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return new FileEntry(key, rows, bytes.length, sha256(bytes));
  }

  /** Replaces an object's bytes (a test of corruption and repair; the pipeline never does this). */
  void overwrite(String key, byte[] bytes) {
    try (ObjectOutput out = store.create(bucket, key)) {
      out.write(bytes);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return buf.toByteArray();
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
