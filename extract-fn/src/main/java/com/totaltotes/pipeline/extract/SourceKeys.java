package com.totaltotes.pipeline.extract;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.totaltotes.pipeline.PipelineException;
import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.source.SourceTable;
import com.totaltotes.pipeline.storage.GzipJsonLinesWriter;
import com.totaltotes.pipeline.storage.KeepOpen;
import com.totaltotes.pipeline.storage.ObjectOutput;
import com.totaltotes.pipeline.storage.ObjectStore;
import com.totaltotes.pipeline.storage.VerifiedInput;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * Deletes by key-set reconciliation: every run reads each table's ids in its snapshot ({@code COPY
 * (select <id> from <table>) TO STDOUT}: ids only, a compressed bitmap in memory), stores them with
 * the ids deleted so far and not back ({@code _ids/<run>-<attempt>/<table>.roaring.gz}), and
 * compares them with the previous run's: an id that was there and is gone was deleted; a deleted id
 * that is there again appeared, so that a deleted row inserted again with its old id is seen.
 */
final class SourceKeys {
  /**
   * A table's ids in one snapshot, the ids deleted earlier that are still gone, and the ids that
   * appeared since an earlier key set while the table was not read to the end of its window, not
   * read yet: the run that reads the table to the end reads those it did not read in its window by
   * id (key sets written before this third set have none).
   */
  record KeySet(RoaringBitmap ids, RoaringBitmap deleted, RoaringBitmap unread) {}

  private SourceKeys() {}

  /** The ids of {@code table} in the connection's snapshot. */
  static RoaringBitmap read(Connection c, SourceTable table) throws SQLException {
    // identifiers from the SourceTable allow-list
    CopyOut copy =
        c.unwrap(PGConnection.class)
            .getCopyAPI()
            .copyOut(
                "copy (select " + table.idColumn() + " from " + table.tableName() + ") to stdout");
    RoaringBitmap ids = new RoaringBitmap();
    try {
      for (byte[] line; (line = copy.readFromCopy()) != null; ) {
        long id = 0;
        int end = line.length > 0 && line[line.length - 1] == '\n' ? line.length - 1 : line.length;
        for (int i = 0; i < end; i++) {
          byte b = line[i];
          if (b < '0' || b > '9') {
            throw new PipelineException(
                "table "
                    + table.tableName()
                    + " has an id that is not a positive integer"
                    + " ("
                    + table.idColumn()
                    + "): its rows cannot be reconciled",
                true);
          }
          id = id * 10 + (b - '0');
          if (id > Integer.MAX_VALUE) {
            throw new PipelineException(
                "table "
                    + table.tableName()
                    + " has an id above "
                    + Integer.MAX_VALUE
                    + " ("
                    + table.idColumn()
                    + "), which the warehouse's integer keys cannot hold",
                true);
          }
        }
        ids.add((int) id);
      }
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
    ids.runOptimize();
    return ids;
  }

  static FileEntry write(ObjectStore store, String bucket, String key, KeySet keys) {
    ObjectOutput out = store.create(bucket, key);
    try {
      try (GZIPOutputStream gzip = new GZIPOutputStream(new KeepOpen(out), 64 * 1024);
          DataOutputStream data = new DataOutputStream(gzip)) {
        keys.ids().serialize(data);
        keys.deleted().serialize(data);
        keys.unread().serialize(data);
      }
      out.close();
      return new FileEntry(key, keys.ids().getLongCardinality(), out.size(), out.sha256());
    } catch (IOException | RuntimeException e) {
      out.abort();
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new UncheckedIOException("cannot write s3://" + bucket + "/" + key, (IOException) e);
    }
  }

  /** Reads a stored key set, verifying its bytes and SHA-256 against {@code file}. */
  static KeySet read(ObjectStore store, String bucket, FileEntry file) {
    String where = "s3://" + bucket + "/" + file.key();
    RoaringBitmap ids = new RoaringBitmap();
    RoaringBitmap deleted = new RoaringBitmap();
    RoaringBitmap unread = new RoaringBitmap();
    try (VerifiedInput verified = new VerifiedInput(store.open(bucket, file.key()), file, where);
        BufferedInputStream gunzipped =
            new BufferedInputStream(new GZIPInputStream(verified, 64 * 1024));
        DataInputStream data = new DataInputStream(gunzipped)) {
      ids.deserialize(data);
      deleted.deserialize(data);
      gunzipped.mark(1);
      if (gunzipped.read() >= 0) {
        gunzipped.reset();
        unread.deserialize(data);
      }
      verified.verify();
    } catch (IOException e) {
      throw new com.totaltotes.pipeline.json.MalformedObjectException(
          where + " is not a readable key set: " + e.getMessage(), e);
    }
    return new KeySet(ids, deleted, unread);
  }

  /**
   * Writes the ids deleted since {@code previous} and those that appeared (again) as JSON Lines,
   * {@code {"id":7,"event":"deleted"}}; returns null when there is none.
   */
  static FileEntry writeChanges(
      ObjectStore store,
      ObjectMapper mapper,
      String bucket,
      String key,
      RoaringBitmap deleted,
      RoaringBitmap appeared)
      throws IOException {
    if (deleted.isEmpty() && appeared.isEmpty()) {
      return null;
    }
    GzipJsonLinesWriter part = new GzipJsonLinesWriter(store, mapper, bucket, key);
    try (part) {
      write(part, deleted, "deleted");
      write(part, appeared, "appeared");
      return part.finish();
    }
  }

  private static void write(GzipJsonLinesWriter part, RoaringBitmap ids, String event)
      throws IOException {
    for (IntIterator it = ids.getIntIterator(); it.hasNext(); ) {
      JsonGenerator g = part.startRow();
      g.writeNumberField("id", it.next());
      g.writeStringField("event", event);
      part.endRow();
    }
  }
}
