package com.totaltotes.pipeline.extract;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.totaltotes.pipeline.PipelineException;
import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.run.RowProgress;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.source.SourceTable;
import com.totaltotes.pipeline.storage.GzipJsonLinesWriter;
import com.totaltotes.pipeline.storage.ObjectStore;
import java.io.IOException;
import java.nio.CharBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;
import org.roaringbitmap.RoaringBitmap;

/**
 * Streams the changed rows of one table, through {@code COPY … TO STDOUT}, into gzipped JSON Lines
 * parts. Values are exact: integers as numbers, numeric as its decimal text, timestamps as {@code
 * 2022-11-03T14:20:52.186}, text (dates, enums) as given, NULL as null.
 */
final class ExtractTable {
  private static final Logger LOG = Logger.getLogger(ExtractTable.class);

  /** Future-dated rows named one by one per table and run; the rest are counted. */
  private static final int FUTURE_ROWS_LOGGED = 10;

  static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");

  private final ObjectStore store;
  private final ObjectMapper mapper;
  private final ExtractConfig config;
  private final RowProgress progress;

  ExtractTable(ObjectStore store, ObjectMapper mapper, ExtractConfig config, RowProgress progress) {
    this.store = store;
    this.mapper = mapper;
    this.config = config;
    this.progress = progress;
  }

  /**
   * What one table's read gave: its manifest entry, the rows read after the window's position (the
   * lookback's re-read not counted), the largest position among them (null: none), and whether the
   * deadline cut the read short.
   */
  record Result(
      IngestManifest.Table entry,
      long newRows,
      IngestManifest.Position readTo,
      boolean cut,
      RoaringBitmap ids) {}

  /** Tells a read to stop at the next part boundary (the invocation's time runs low). */
  interface Stop {
    boolean now();
  }

  /** How many rows between two checks of {@link Stop}. */
  private static final int STOP_CHECK_ROWS = 1_000;

  /**
   * Reads the rows of {@code table} in {@code window} and writes them as parts of {@code run}. The
   * watermark is the largest last_updated read, or {@code previousWatermark} when nothing was read.
   *
   * <p>Rows come through {@code COPY (select …) TO STDOUT}, the server's fastest way out, in the
   * connection's transaction (so in its snapshot); each text field goes into the JSON as it is
   * (numbers keep their exact decimal text) or, for text, as its UTF-8 bytes. With a {@code stop}
   * the rows come in {@code (last_updated, id)} order, and when it says so the read ends after the
   * part being written: the result's {@code last} is then the exact position to continue after.
   */
  Result extract(
      Connection c, SourceTable table, RunId run, String attempt, Window window, Stop stop)
      throws SQLException, IOException {
    return read(c, table, run, attempt, window, window.predicate(table), stop);
  }

  /**
   * Reads the rows of {@code table} whose ids are {@code ids}, whatever their last_updated, into
   * parts of their own ({@code <attempt>-late}): rows that appeared since the previous run's
   * snapshot but outside this run's window (inserted with a last_updated older than the window: a
   * writer's clock behind, or a transaction open longer than the lookback). The watermark stays
   * {@code watermark}: these rows say nothing about the window.
   */
  Result extractIds(
      Connection c,
      SourceTable table,
      RunId run,
      String attempt,
      RoaringBitmap ids,
      LocalDateTime watermark,
      LocalDateTime clock)
      throws SQLException, IOException {
    StringBuilder list = new StringBuilder();
    ids.forEach(
        (int id) ->
            list.append(list.length() == 0 ? "" : ",").append(Integer.toUnsignedString(id)));
    // the ids are integers of our own formatting; the id column comes from the allow-list; a
    // semi-join on the unnested array is hashed whatever the array's size (a rewritten table can
    // make it every id)
    String where = table.idColumn() + " in (select unnest('{" + list + "}'::bigint[]))";
    return read(
        c,
        table,
        run,
        attempt + "-late",
        new Window(null, watermark, clock, List.of()),
        where,
        null);
  }

  private Result read(
      Connection c,
      SourceTable table,
      RunId run,
      String attempt,
      Window window,
      String where,
      Stop stop)
      throws SQLException, IOException {
    LocalDateTime since = window.since();
    Column[] columns = columns(c, table);
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
    String clock = timestamp(window.clock());
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
    String afterTs = window.after() == null ? null : timestamp(window.after().lastUpdated());
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
                  store,
                  mapper,
                  config.bucket(),
                  key(table, run, attempt, files.size() - carried + 1));
        }
        JsonGenerator g = part.startRow();
        String rowTs = null;
        for (int i = 0; i < columns.length; i++) {
          g.writeFieldName(columns[i].name());
          String ts = writeValue(g, row, i, columns[i].kind());
          if (i == lastUpdated) {
            if (ts == null || !isPlainTimestamp(ts)) {
              throw new PipelineException(
                  "table "
                      + table.tableName()
                      + " has a last_updated of '"
                      + ts
                      + "', not a plain timestamp: no watermark can be derived from it",
                  true);
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
        int idLength = row.asciiChars(id);
        long rowId = Long.parseLong(CharBuffer.wrap(row.chars(), 0, idLength), 0, idLength, 10);
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
        if (part.rows() == config.partRows() || stopping) {
          files.add(part.finish());
          progress.advanced("extract", table.tableName(), part.rows());
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
        progress.advanced("extract", table.tableName(), part.rows());
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
    return new Result(
        new IngestManifest.Table(table.tableName(), since, watermark, rows, files, future, carried),
        newRows,
        readTo,
        cut,
        idsRead);
  }

  /**
   * The number of rows in the window's new positions dated no later than the database clock (the
   * lookback re-read and future-dated rows not counted: {@link Window#presentRows}).
   */
  static long countNew(Connection c, SourceTable table, Window window) throws SQLException {
    String where = window.presentRows(table);
    try (PreparedStatement ps =
            c.prepareStatement(
                "select count(*) from "
                    + table.tableName()
                    + (where.isEmpty() ? "" : " where " + where));
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * The position of the {@code n}-th row (1-based) of the window's new positions in {@code
   * (last_updated, id)} order; the sort carries the two key columns only.
   */
  static IngestManifest.Position nth(Connection c, SourceTable table, Window window, long n)
      throws SQLException {
    String where = window.presentRows(table);
    try (PreparedStatement ps =
        c.prepareStatement(
            "select last_updated, "
                + table.idColumn()
                + " from "
                + table.tableName()
                + (where.isEmpty() ? "" : " where " + where)
                + " order by last_updated, "
                + table.idColumn()
                + " offset ? limit 1")) {
      ps.setLong(1, n - 1);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException(
              "table " + table.tableName() + " has fewer than " + n + " rows in its window");
        }
        return new IngestManifest.Position(rs.getObject(1, LocalDateTime.class), rs.getLong(2));
      }
    }
  }

  /**
   * What one table's read covers. A fresh read: rows with last_updated after {@code since} (all
   * when null). A continuation: rows after the position {@code after} in {@code (last_updated, id)}
   * order, and again the rows up to it with last_updated after {@code rereadFrom} (the lookback:
   * rows committed late behind the position). Either up to the position {@code upTo} (null: to the
   * end). Also: the previous run's watermark, no later than the clock; the database's clock at the
   * snapshot, past which no watermark moves; and the files a repair run carries over from the run
   * it repairs (listed first).
   */
  record Window(
      LocalDateTime since,
      IngestManifest.Position after,
      IngestManifest.Position upTo,
      LocalDateTime rereadFrom,
      LocalDateTime previousWatermark,
      LocalDateTime clock,
      List<FileEntry> carried) {
    Window {
      carried = List.copyOf(carried);
    }

    /** A window read from {@code since} to the end, as before bounded runs. */
    Window(
        LocalDateTime since,
        LocalDateTime previousWatermark,
        LocalDateTime clock,
        List<FileEntry> carried) {
      this(since, null, null, null, previousWatermark, clock, carried);
    }

    Window upTo(IngestManifest.Position end) {
      return new Window(since, after, end, rereadFrom, previousWatermark, clock, carried);
    }

    /** The SQL condition of the new positions (empty: every row). */
    String newRows(SourceTable table) {
      List<String> terms = new ArrayList<>();
      if (after != null) {
        terms.add(key(table) + " > " + literal(after));
      } else if (since != null) {
        terms.add("last_updated > " + literal(since));
      }
      if (upTo != null) {
        terms.add(key(table) + " <= " + literal(upTo));
      }
      return String.join(" and ", terms);
    }

    /**
     * The SQL condition of the new positions dated no later than the database clock: what a row cap
     * counts and cuts. A future-dated row is read again by every run until its time comes, so it is
     * neither counted against the cap nor a place to stop (a cap inside future-dated rows would
     * leave the position where it was, and a bounded catch-up would never end).
     */
    String presentRows(SourceTable table) {
      String fresh = newRows(table);
      if (clock == null) {
        return fresh;
      }
      String present = "last_updated <= " + literal(clock);
      return fresh.isEmpty() ? present : fresh + " and " + present;
    }

    /** The SQL condition of every row read (empty: every row). */
    String predicate(SourceTable table) {
      String fresh = newRows(table);
      if (after == null || rereadFrom == null || !rereadFrom.isBefore(after.lastUpdated())) {
        return fresh;
      }
      return "("
          + fresh
          + ") or (last_updated > "
          + literal(rereadFrom)
          + " and "
          + key(table)
          + " <= "
          + literal(after)
          + ")";
    }

    private static String key(SourceTable table) {
      return "(last_updated, " + table.idColumn() + ")";
    }

    private static String literal(LocalDateTime t) {
      return "'" + timestamp(t) + "'::timestamp";
    }

    private static String literal(IngestManifest.Position p) {
      return "(" + literal(p.lastUpdated()) + ", " + p.id() + ")";
    }
  }

  private enum Kind {
    NUMBER,
    BOOLEAN,
    TIMESTAMP,
    TEXT
  }

  private record Column(SerializedString name, Kind kind) {}

  private static Column[] columns(Connection c, SourceTable table) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement("select * from " + table.tableName() + " limit 0");
        ResultSet rs = ps.executeQuery()) {
      ResultSetMetaData meta = rs.getMetaData();
      Column[] columns = new Column[meta.getColumnCount()];
      for (int i = 0; i < columns.length; i++) {
        Kind kind =
            switch (meta.getColumnType(i + 1)) {
              case Types.INTEGER,
                  Types.SMALLINT,
                  Types.BIGINT,
                  Types.TINYINT,
                  Types.NUMERIC,
                  Types.DECIMAL ->
                  Kind.NUMBER;
              case Types.BOOLEAN, Types.BIT -> Kind.BOOLEAN;
              case Types.TIMESTAMP -> Kind.TIMESTAMP;
              default -> Kind.TEXT;
            };
        columns[i] = new Column(new SerializedString(meta.getColumnName(i + 1)), kind);
      }
      return columns;
    }
  }

  /** Writes one field; returns the normalised timestamp text for a timestamp, else null. */
  private static String writeValue(JsonGenerator g, CopyTextParser row, int i, Kind kind)
      throws IOException {
    if (row.isNull(i)) {
      g.writeNull();
      return null;
    }
    switch (kind) {
      case NUMBER -> {
        int n = row.asciiChars(i);
        char[] number = row.chars();
        if (Character.isLetter(number[n - 1])) {
          // numeric 'NaN' or 'Infinity': no JSON number; the transform rejects it
          g.writeString(number, 0, n);
        } else {
          g.writeNumber(number, 0, n); // exact decimal text, never through double
        }
        return null;
      }
      case BOOLEAN -> {
        g.writeBoolean(row.bytes()[row.start(i)] == 't');
        return null;
      }
      case TIMESTAMP -> {
        int n = row.asciiChars(i);
        String ts = isoMillis(row.chars(), n);
        g.writeString(ts);
        return ts;
      }
      default -> {
        if (row.hasEscape(i)) {
          int n = row.unescape(i);
          g.writeUTF8String(row.scratch(), 0, n);
        } else {
          g.writeUTF8String(row.bytes(), row.start(i), row.length(i));
        }
        return null;
      }
    }
  }

  /**
   * PostgreSQL's {@code 2022-11-03 14:20:52.18} as {@code 2022-11-03T14:20:52.180}: a 'T', and
   * always three fraction digits (the server drops trailing zeros).
   */
  static String isoMillis(String text) {
    return isoMillis(text.toCharArray(), text.length());
  }

  /** {@link #isoMillis(String)} of the first {@code n} characters of {@code text}. */
  static String isoMillis(char[] text, int n) {
    if (n < 19 || text[10] != ' ') {
      return new String(text, 0, n); // 'infinity', a BC date: the transform rejects the row
    }
    int dot = -1;
    for (int i = 19; i < n && dot < 0; i++) {
      if (text[i] == '.') {
        dot = i;
      }
    }
    int length = dot < 0 ? n + 4 : Math.max(n, dot + 4);
    char[] iso = Arrays.copyOf(text, length);
    iso[10] = 'T';
    int zeros = n;
    if (dot < 0) {
      iso[zeros++] = '.';
    }
    Arrays.fill(iso, zeros, length, '0');
    return new String(iso);
  }

  /**
   * Whether {@code ts} is a plain timestamp as {@link #isoMillis} writes one: {@code
   * yyyy-MM-ddTHH:mm:ss.} and 3 to 6 fraction digits (ASCII digits; not 'infinity', a BC date or a
   * five-digit year). Hand-written for the per-row path: a regular expression took a tenth of the
   * extract's time.
   */
  static boolean isPlainTimestamp(String ts) {
    int n = ts.length();
    if (n < 23 || n > 26) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = ts.charAt(i);
      boolean ok =
          switch (i) {
            case 4, 7 -> c == '-';
            case 10 -> c == 'T';
            case 13, 16 -> c == ':';
            case 19 -> c == '.';
            default -> c >= '0' && c <= '9';
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code yyyy-MM-dd'T'HH:mm:ss.SSS}, always three fraction digits. {@link
   * LocalDateTime#toString()} is several times faster than a formatter but drops zero seconds and
   * fractions: pad those back.
   */
  static String timestamp(LocalDateTime t) {
    String s = t.toString();
    return switch (s.length()) {
      case 16 -> s + ":00.000";
      case 19 -> s + ".000";
      case 23 -> s;
      default -> TIMESTAMP.format(t); // beyond millisecond precision: not produced by timestamp(3)
    };
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
