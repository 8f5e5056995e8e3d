package com.totaltotes.pipeline.storage;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.totaltotes.pipeline.manifest.FileEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * One gzipped JSON Lines object being streamed to the object store: the extract's parts, the
 * transform's rejects, deletions and dimension state. Counts rows; the store gives the stored
 * (compressed) bytes' size and checksum for the manifest. Closing it without {@link #finish()}
 * discards the object.
 */
public final class GzipJsonLinesWriter implements AutoCloseable {
  private final String bucket;
  private final String key;
  private final ObjectOutput object;
  private final ObjectMapper mapper;
  private final JsonGenerator json;
  private long rows;
  private boolean done;

  public GzipJsonLinesWriter(ObjectStore store, ObjectMapper mapper, String bucket, String key) {
    this.bucket = bucket;
    this.key = key;
    this.mapper = mapper;
    this.object = store.create(bucket, key);
    try {
      GZIPOutputStream gzip =
          new GZIPOutputStream(new KeepOpen(object), 64 * 1024) {
            {
              def.setLevel(Deflater.BEST_SPEED);
            }
          };
      json = mapper.getFactory().createGenerator(gzip, JsonEncoding.UTF8);
      json.setRootValueSeparator(null);
    } catch (IOException | RuntimeException e) {
      object.abort();
      throw failure(e);
    }
  }

  /** The generator positioned for the next row object (streamed field by field). */
  public JsonGenerator startRow() throws IOException {
    json.writeStartObject();
    return json;
  }

  /** Ends the row {@link #startRow()} began. */
  public void endRow() throws IOException {
    json.writeEndObject();
    json.writeRaw('\n');
    rows++;
  }

  /** Writes {@code value} (a map, a record) as the next line. */
  public void write(Object value) {
    try {
      mapper.writeValue(json, value);
      json.writeRaw('\n');
      rows++;
    } catch (IOException e) {
      throw failure(e);
    }
  }

  public long rows() {
    return rows;
  }

  /** Finishes the gzip stream and stores the object; returns its manifest entry. */
  public FileEntry finish() {
    try {
      json.close(); // closes the gzip stream, not the object
      object.close();
    } catch (IOException e) {
      throw failure(e);
    }
    done = true;
    return FileEntry.withCrc32c(key, rows, object.size(), object.crc32c());
  }

  /** Discards the object if it was not finished. */
  @Override
  public void close() {
    if (!done) {
      object.abort();
    }
  }

  private RuntimeException failure(Exception e) {
    return e instanceof RuntimeException r
        ? r
        : new UncheckedIOException("cannot write s3://" + bucket + "/" + key, (IOException) e);
  }
}
