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
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * Deletes by key-set reconciliation: every run reads each table's ids and their xmin in its
 * snapshot ({@code COPY (select <id>, xmin from <table>) TO STDOUT}, into compressed bitmaps),
 * stores them with the ids deleted so far and not back ({@code
 * _ids/<run>-<attempt>/<table>.roaring.gz}), and compares them with the previous run's: an id that
 * was there and is gone was deleted; a deleted id that is there again appeared, so that a deleted
 * row inserted again with its old id is seen.
 */
final class SourceKeys {
  /** Where {@link #digits} stops counting: far above any id or transaction id. */
  private static final long SATURATED = Long.MAX_VALUE / 10;

  /**
   * A table's ids in one snapshot, the ids deleted earlier that are still gone, and the ids that
   * appeared since an earlier key set while the table was not read to the end of its window, not
   * read yet: the run that reads the table to the end reads those it did not read in its window by
   * id (key sets written before this third set have none).
   */
  record KeySet(RoaringBitmap ids, RoaringBitmap deleted, RoaringBitmap unread) {}

  private SourceKeys() {}

  /**
   * A table's ids in the connection's snapshot, and those of them whose row was written (inserted
   * or updated) after {@code since}, an earlier snapshot (none when it is null).
   */
  record Read(RoaringBitmap ids, RoaringBitmap changed) {}

  /**
   * The ids of {@code table} in the connection's snapshot, with those changed since {@code since}.
   */
  static Read read(Connection c, SourceTable table, SourceSnapshot since) throws SQLException {
    return read(c, table, since, "");
  }

  /**
   * {@link #read}, in a cost that follows what changed since {@code since} rather than the table's
   * size, given {@code before}, the table's ids in {@code since}'s snapshot (its key set as
   * stored): the server sends only the ids and xmin of the rows written since {@code since}'s
   * horizon (one scan, filtered there) and counts the rows. Every other row was written by a
   * transaction that had finished before that snapshot, so it was in it and its id is in {@code
   * before}: the ids now are {@code before}'s and those sent, unless some of {@code before}'s are
   * gone, which the count tells ({@code tableRows}: the table's rows counted in this snapshot
   * already; null: count them). Returns null when rows were deleted since: only reading every id
   * finds which.
   */
  static Read readSince(
      Connection c, SourceTable table, SourceSnapshot since, RoaringBitmap before, Long tableRows)
      throws SQLException {
    Read written =
        read(c, table, since, " where " + SourceSnapshot.sqlWrittenSince(since.horizon()));
    return since(before, written, tableRows != null ? tableRows : count(c, table));
  }

  /**
   * {@link #readSince}'s reckoning, given the ids {@code written} since the earlier snapshot's
   * horizon (with those changed) and the rows the table holds now: null when some of {@code
   * before}'s ids are gone.
   */
  static Read since(RoaringBitmap before, Read written, long tableRows) {
    RoaringBitmap ids = RoaringBitmap.or(before, written.ids());
    if (tableRows != ids.getLongCardinality()) {
      return null;
    }
    ids.runOptimize();
    return new Read(ids, written.changed());
  }

  /**
   * The ids of row versions written since {@code since}'s horizon as the run's first scan of the
   * table collected them ({@code pairs}: each {@code "<id>:<xmin>"}, as the server prints them),
   * with those {@code since} did not see.
   */
  static Read written(SourceTable table, SourceSnapshot since, String[] pairs) {
    RoaringBitmap ids = new RoaringBitmap();
    RoaringBitmap changed = new RoaringBitmap();
    for (String pair : pairs) {
      byte[] text = pair.getBytes(StandardCharsets.US_ASCII);
      int colon = pair.indexOf(':');
      int id = id(table, digits(text, 0, colon < 0 ? text.length : colon));
      ids.add(id);
      if (!since.saw((int) digits(text, colon + 1, text.length))) {
        changed.add(id);
      }
    }
    return new Read(ids, changed);
  }

  private static long count(Connection c, SourceTable table) throws SQLException {
    // identifiers from the SourceTable allow-list
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select count(*) from " + table.tableName())) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Read read(Connection c, SourceTable table, SourceSnapshot since, String where)
      throws SQLException {
    // identifiers from the SourceTable allow-list; the condition is of our own numbers
    CopyOut copy =
        c.unwrap(PGConnection.class)
            .getCopyAPI()
            .copyOut(
                "copy (select "
                    + table.idColumn()
                    + ", "
                    + (since == null ? "xmin" : since.sqlXmin())
                    + " from "
                    + table.tableName()
                    + where
                    + ") to stdout");
    RoaringBitmap ids = new RoaringBitmap();
    RoaringBitmap changed = new RoaringBitmap();
    try {
      for (byte[] line; (line = copy.readFromCopy()) != null; ) {
        int end = line.length > 0 && line[line.length - 1] == '\n' ? line.length - 1 : line.length;
        int tab = 0;
        while (tab < end && line[tab] != '\t') {
          tab++;
        }
        int id = id(table, line, tab);
        ids.add(id);
        if (since != null && !since.saw((int) digits(line, tab + 1, end))) {
          changed.add(id);
        }
      }
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
    ids.runOptimize();
    return new Read(ids, changed);
  }

  private static int id(SourceTable table, byte[] line, int end) {
    return id(table, digits(line, 0, end));
  }

  private static int id(SourceTable table, long id) {
    if (id < 0) {
      throw PipelineException.permanentFailure(
          "table "
              + table.tableName()
              + " has an id that is not a positive integer ("
              + table.idColumn()
              + "): its rows cannot be reconciled");
    }
    if (id > Integer.MAX_VALUE) {
      throw PipelineException.permanentFailure(
          "table "
              + table.tableName()
              + " has an id above "
              + Integer.MAX_VALUE
              + " ("
              + table.idColumn()
              + "), which the warehouse's integer keys cannot hold");
    }
    return (int) id;
  }

  /**
   * The decimal digits in {@code line[from, to)}, or -1 when there is another byte or none; a value
   * past {@link #SATURATED} reads as it (far above any id or transaction id).
   */
  private static long digits(byte[] line, int from, int to) {
    if (from >= to) {
      return -1;
    }
    long value = 0;
    for (int i = from; i < to; i++) {
      byte b = line[i];
      if (b < '0' || b > '9') {
        return -1;
      }
      value = Math.min(SATURATED, value * 10 + (b - '0'));
    }
    return value;
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
      return FileEntry.withCrc32c(key, keys.ids().getLongCardinality(), out.size(), out.crc32c());
    } catch (IOException | RuntimeException e) {
      out.abort();
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new UncheckedIOException("cannot write s3://" + bucket + "/" + key, (IOException) e);
    }
  }

  /** Reads a stored key set, verifying its bytes and checksum against {@code file}. */
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
