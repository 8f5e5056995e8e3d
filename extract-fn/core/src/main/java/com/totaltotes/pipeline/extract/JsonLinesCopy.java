package com.totaltotes.pipeline.extract;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.totaltotes.pipeline.PipelineException;
import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.run.RowProgress;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.run.Stage;
import com.totaltotes.pipeline.source.SourceTable;
import com.totaltotes.pipeline.storage.GzipJsonLinesWriter;
import com.totaltotes.pipeline.storage.ObjectStore;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;
import org.roaringbitmap.RoaringBitmap;

/**
 * The extract's reader: streams one table's rows through {@code COPY (select …) TO STDOUT} into
 * gzipped JSON Lines parts, keeping the position, watermark and ids of what it read. Values are
 * exact: integers as numbers, numeric as its decimal text, timestamps as {@code
 * 2022-11-03T14:20:52.186}, text (dates, enums) as given, NULL as null.
 */
final class JsonLinesCopy {
  private static final Logger LOG = Logger.getLogger(JsonLinesCopy.class);

  /** Future-dated rows named one by one per table and run; the rest are counted. */
  private static final int FUTURE_ROWS_LOGGED = 10;

  /** How many rows between two checks of {@link ExtractTable.Stop}. */
  private static final int STOP_CHECK_ROWS = 1_000;

  private final ObjectStore store;
  private final ObjectMapper mapper;
  private final String bucket;
  private final int partRows;
  private final RowProgress progress;

  JsonLinesCopy(
      ObjectStore store, ObjectMapper mapper, String bucket, int partRows, RowProgress progress) {
    this.store = store;
    this.mapper = mapper;
    this.bucket = bucket;
    this.partRows = partRows;
    this.progress = progress;
  }

  /**
   * Reads the rows of {@code table} matching {@code where} (SQL of the window's own literals, or
   * empty: every row) and writes them as parts of {@code run}, after the files the window carries.
   * The watermark is the largest last_updated read up to the window's clock, or the window's
   * previous watermark when none was. With a {@code stop} the rows come in {@code (last_updated,
   * id)} order, and when it says so the read ends after the part being written: the result's {@code
   * readTo} is then the exact position to continue after.
   */
  ExtractTable.Result read(
      Connection c,
      SourceTable table,
      RunId run,
      String attempt,
      ReadWindow window,
      String where,
      ExtractTable.Stop stop)
      throws SQLException, IOException {
    LocalDateTime since = window.since();
    CopyColumns.Column[] columns = CopyColumns.of(c, table);
    int lastUpdated = -1;
    int id = -1;
    for (int i = 0; i < columns.length; i++) {
      if (columns[i].name().getValue().equals("last_updated")) {
        lastUpdated = i;
      } else if (columns[i].name().getValue().equals(table.idColumn())) {
        id = i;
      }
    }
    if (lastUpdated < 0 || id < 0) {
      throw new SQLException(
          "table " + table.tableName() + " has no last_updated or " + table.idColumn() + " column");
    }
    String clock = Timestamps.timestamp(window.clock());
    long future = 0;
    // identifiers come from the SourceTable allow-list; COPY takes no bind parameters, so the
    // window is made of literals of our own formatter (a LocalDateTime: digits, '-', ':', '.', 'T';
    // an id: a long)
    String sql =
        "copy (select * from "
            + table.tableName()
            + (where.isEmpty() ? "" : " where " + where)
            + (stop == null ? "" : " order by last_updated, " + table.idColumn())
            + ") to stdout";
    List<FileEntry> files = new ArrayList<>(window.carried());
    int carried = files.size();
    String newest = null;
    long rows = window.carried().stream().mapToLong(FileEntry::rows).sum();
    long newRows = 0;
    String afterTs =
        window.after() == null ? null : Timestamps.timestamp(window.after().lastUpdated());
    String maxTs = null;
    long maxId = 0;
    boolean cut = false;
    RoaringBitmap idsRead = new RoaringBitmap();
    CopyOut copy = c.unwrap(PGConnection.class).getCopyAPI().copyOut(sql);
    CopyTextParser row = new CopyTextParser();
    GzipJsonLinesWriter part = null;
    try {
      for (byte[] bytes; (bytes = copy.readFromCopy()) != null; ) {
        row.parse(bytes);
        if (row.fields() != columns.length) {
          throw new SQLException(
              "COPY of "
                  + table.tableName()
                  + " gave "
                  + row.fields()
                  + " fields where "
                  + columns.length
                  + " columns were expected");
        }
        if (part == null) {
          part =
              new GzipJsonLinesWriter(
                  store, mapper, bucket, key(table, run, attempt, files.size() - carried + 1));
        }
        JsonGenerator g = part.startRow();
        String rowTs = null;
        for (int i = 0; i < columns.length; i++) {
          g.writeFieldName(columns[i].name());
          CopyColumns.write(g, row, i, columns[i].kind());
          if (i == lastUpdated) {
            String ts = row.isNull(i) ? null : row.timestamp(i);
            if (ts == null || !Timestamps.isPlainTimestamp(ts)) {
              throw PipelineException.permanentFailure(
                  "table "
                      + table.tableName()
                      + " has a last_updated of '"
                      + ts
                      + "', not a plain timestamp: no watermark can be derived from it");
            }
            rowTs = ts;
            // same fixed-width ISO format: text order is time order
            if (ts.compareTo(clock) > 0) {
              if (future++ < FUTURE_ROWS_LOGGED) {
                LOG.warnf(
                    "extract run %s: %s %s has last_updated %s, later than the database clock %s (a"
                        + " writer's clock is ahead?): extracted, and read again by every run until"
                        + " its time has come",
                    run, table.tableName(), row.ascii(id), ts, clock);
              }
            } else if (newest == null || ts.compareTo(newest) > 0) {
              newest = ts;
            }
          }
        }
        part.endRow();
        rows++;
        // the largest position read after the window's (text order of the fixed-width timestamp is
        // time order; the id is parsed only on a tie)
        int byTime = maxTs == null ? 1 : rowTs.compareTo(maxTs);
        boolean isNew = true;
        long rowId = row.integer(id);
        idsRead.add((int) rowId); // unsigned, as the key sets hold ids
        if (byTime >= 0 || afterTs != null) {
          isNew =
              afterTs == null
                  || rowTs.compareTo(afterTs) > 0
                  || (rowTs.equals(afterTs) && rowId > window.after().id());
          // a row dated after the clock never moves the position (as it never moves the
          // watermark): the next run reads it again as new, and the row cap stays in force
          if (isNew
              && rowTs.compareTo(clock) <= 0
              && (byTime > 0 || (byTime == 0 && rowId > maxId))) {
            maxTs = rowTs;
            maxId = rowId;
          }
        }
        if (isNew) {
          newRows++;
        }
        // only after the position: the lookback's re-read (which comes first) is never cut, so a
        // run that reads at all moves the position
        boolean stopping = stop != null && isNew && newRows % STOP_CHECK_ROWS == 0 && stop.now();
        if (part.rows() == partRows || stopping) {
          files.add(part.finish());
          progress.advanced(Stage.EXTRACT, table.tableName(), part.rows());
          part.close();
          part = null;
        }
        if (stopping) {
          // the rest of the stream is read and dropped: cancelling a COPY TO STDOUT leaves the
          // connection unusable for the key sets still to be read in this snapshot (the row cap
          // bounds what is left)
          cut = true;
          while (copy.readFromCopy() != null) {
            // drop
          }
          break;
        }
      }
      if (part != null) {
        files.add(part.finish());
        progress.advanced(Stage.EXTRACT, table.tableName(), part.rows());
      }
    } finally {
      if (part != null) {
        part.close();
      }
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
    if (future > FUTURE_ROWS_LOGGED) {
      LOG.warnf(
          "extract run %s: %d rows of %s in all have a last_updated later than the database clock"
              + " %s",
          run, future, table.tableName(), clock);
    }
    // the watermark never passes the database's clock, however far ahead a writer's clock was
    // (rows after it are not candidates; the previous watermark comes capped by the caller)
    LocalDateTime previous = window.previousWatermark();
    LocalDateTime watermark = newest == null ? previous : LocalDateTime.parse(newest);
    if (previous != null && watermark.isBefore(previous)) {
      watermark = previous;
    }
    IngestManifest.Position readTo =
        maxTs == null ? null : new IngestManifest.Position(LocalDateTime.parse(maxTs), maxId);
    return new ExtractTable.Result(
        new IngestManifest.Table(
            table.tableName(),
            since,
            new IngestManifest.Read(rows, files, carried, future, 0),
            IngestManifest.Checkpoint.watermark(watermark),
            IngestManifest.Deletions.NONE),
        newRows,
        readTo,
        cut,
        idsRead);
  }

  /**
   * {@code <table>/dt=<day>/<run>-<attempt>-<part>.jsonl.gz}: the attempt (random per invocation)
   * makes every key unique, so two concurrent invocations of the same run never write one object.
   */
  static String key(SourceTable table, RunId run, String attempt, int part) {
    String day = run.startedAt().atOffset(ZoneOffset.UTC).toLocalDate().toString();
    return String.format(
        "%s/dt=%s/%s-%s-%05d.jsonl.gz", table.tableName(), day, run, attempt, part);
  }
}
