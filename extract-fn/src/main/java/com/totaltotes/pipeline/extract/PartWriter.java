package com.totaltotes.pipeline.extract;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.storage.KeepOpen;
import com.totaltotes.pipeline.storage.ObjectOutput;
import com.totaltotes.pipeline.storage.ObjectStore;
import java.io.IOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * One gzipped JSON Lines part being streamed to the object store. Counts rows; the store gives the
 * stored (compressed) bytes' size and SHA-256 for the manifest.
 */
final class PartWriter implements AutoCloseable {
  private final String key;
  private final ObjectOutput object;
  private final JsonGenerator json;
  private long rows;
  private boolean done;

  PartWriter(ObjectStore store, ObjectMapper mapper, String bucket, String key) throws IOException {
    this.key = key;
    this.object = store.create(bucket, key);
    GZIPOutputStream gzip =
        new GZIPOutputStream(new KeepOpen(object), 64 * 1024) {
          {
            def.setLevel(Deflater.BEST_SPEED);
          }
        };
    json = mapper.getFactory().createGenerator(gzip, JsonEncoding.UTF8);
    json.setRootValueSeparator(null);
  }

  /** The generator positioned for the next row object. */
  JsonGenerator startRow() throws IOException {
    json.writeStartObject();
    return json;
  }

  void endRow() throws IOException {
    json.writeEndObject();
    json.writeRaw('\n');
    rows++;
  }

  long rows() {
    return rows;
  }

  /** Finishes the gzip stream and stores the object; returns its manifest entry. */
  FileEntry finish() throws IOException {
    json.close(); // closes the gzip stream, not the object
    object.close();
    done = true;
    return new FileEntry(key, rows, object.size(), object.sha256());
  }

  /** Discards the part if it was not finished. */
  @Override
  public void close() {
    if (!done) {
      object.abort();
    }
  }
}
