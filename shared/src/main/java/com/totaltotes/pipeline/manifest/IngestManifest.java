package com.totaltotes.pipeline.manifest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;

/**
 * The extract's manifest, {@code _manifests/<run>.json} in the ingest bucket. It lists every source
 * table, even those with no rows, with the window read and the files written. A repair run (see
 * {@code repairs}) names the set-aside runs whose window it read again. {@code sourceSnapshot} is
 * the source's transaction snapshot the run read ({@code txid_current_snapshot()}, {@code
 * xmin:xmax:xip,…}; null in manifests written before it was kept): the next run tells the rows
 * changed since by their {@code xmin}.
 */
public record IngestManifest(
    String runId,
    Instant startedAt,
    Instant finishedAt,
    long lookbackSeconds,
    List<Table> tables,
    LocalDateTime databaseClock,
    List<String> repairs,
    String sourceSnapshot)
    implements Manifest {

  public IngestManifest {
    Objects.requireNonNull(runId, "run_id");
    tables = List.copyOf(tables);
    repairs = repairs == null ? List.of() : List.copyOf(repairs);
  }

  /**
   * An ordinary run (no repairs; the database clock unknown, as in manifests written before it was
   * kept).
   */
  public IngestManifest(
      String runId,
      Instant startedAt,
      Instant finishedAt,
      long lookbackSeconds,
      List<Table> tables) {
    this(runId, startedAt, finishedAt, lookbackSeconds, tables, null, List.of(), null);
  }

  /**
   * One table of the run: rows with {@code last_updated > since} (all rows when since is null), in
   * three parts: what the run {@linkplain Read read and wrote}, the table's {@linkplain Checkpoint
   * checkpoint} (where the next run goes on from) and the {@linkplain Deletions deletions} found
   * since the previous run's key set. Its JSON is one flat object ({@code table}, {@code since},
   * {@code watermark}, {@code rows}, {@code files}, {@code future_rows}, {@code carried_files},
   * {@code ids}, {@code deleted_rows}, {@code deletions}, {@code read_to}, {@code read_at}, {@code
   * backlog_rows}, {@code late_rows}), as manifests have always been written; a field a manifest
   * written before it existed lacks reads as null, 0 or empty.
   */
  @JsonPropertyOrder({
    "table",
    "since",
    "watermark",
    "rows",
    "files",
    "future_rows",
    "carried_files",
    "ids",
    "deleted_rows",
    "deletions",
    "read_to",
    "read_at",
    "backlog_rows",
    "late_rows"
  })
  public record Table(
      String table,
      LocalDateTime since,
      @JsonIgnore Read read,
      @JsonIgnore Checkpoint checkpoint,
      @JsonIgnore Deletions deleted) {
    public Table {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(read, "read");
      Objects.requireNonNull(checkpoint, "checkpoint");
      deleted = deleted == null ? Deletions.NONE : deleted;
    }

    /** A table read once, with no checkpoint beyond its watermark (tests, readers' fixtures). */
    public Table(
        String table,
        LocalDateTime since,
        LocalDateTime watermark,
        long rows,
        List<FileEntry> files) {
      this(
          table,
          since,
          new Read(rows, files, 0, 0, 0),
          Checkpoint.watermark(watermark),
          Deletions.NONE);
    }

    /** The entry from its flat JSON object. */
    @JsonCreator
    public static Table fromJson(
        @JsonProperty("table") String table,
        @JsonProperty("since") LocalDateTime since,
        @JsonProperty("watermark") LocalDateTime watermark,
        @JsonProperty("rows") long rows,
        @JsonProperty("files") List<FileEntry> files,
        @JsonProperty("future_rows") long futureRows,
        @JsonProperty("carried_files") int carriedFiles,
        @JsonProperty("ids") FileEntry ids,
        @JsonProperty("deleted_rows") long deletedRows,
        @JsonProperty("deletions") List<FileEntry> deletions,
        @JsonProperty("read_to") Position readTo,
        @JsonProperty("read_at") LocalDateTime readAt,
        @JsonProperty("backlog_rows") long backlogRows,
        @JsonProperty("late_rows") long lateRows) {
      return new Table(
          table,
          since,
          new Read(rows, files == null ? List.of() : files, carriedFiles, futureRows, lateRows),
          new Checkpoint(watermark, readTo, readAt, backlogRows, ids),
          new Deletions(deletedRows, deletions));
    }

    /** True when the run left no row of the table to later runs. */
    public boolean complete() {
      return checkpoint.backlogRows() == 0;
    }

    /** This entry with another checkpoint. */
    public Table with(Checkpoint next) {
      return new Table(table, since, read, next, deleted);
    }

    /**
     * This entry with the table's key set ({@code ids}, into its checkpoint) and the ids deleted
     * since the previous run's key set.
     */
    public Table withKeys(FileEntry ids, Deletions deletions) {
      return new Table(table, since, read, checkpoint.withIds(ids), deletions);
    }

    /**
     * This entry with the rows read by id after the window ({@code lateFiles}, {@code rows} of
     * them): rows written since the previous run's snapshot with a last_updated before this run's
     * window (a writer's clock behind, or a transaction open longer than the lookback).
     */
    public Table withLateRows(List<FileEntry> lateFiles, long rows) {
      List<FileEntry> all = new java.util.ArrayList<>(read.files());
      all.addAll(lateFiles);
      return new Table(
          table,
          since,
          new Read(
              read.rows() + rows,
              all,
              read.carriedFiles(),
              read.futureRows(),
              read.lateRows() + rows),
          checkpoint,
          deleted);
    }

    // the flat JSON fields

    @JsonProperty("watermark")
    public LocalDateTime watermark() {
      return checkpoint.watermark();
    }

    @JsonProperty("rows")
    public long rows() {
      return read.rows();
    }

    @JsonProperty("files")
    public List<FileEntry> files() {
      return read.files();
    }

    @JsonProperty("future_rows")
    public long futureRows() {
      return read.futureRows();
    }

    @JsonProperty("carried_files")
    public int carriedFiles() {
      return read.carriedFiles();
    }

    @JsonProperty("ids")
    public FileEntry ids() {
      return checkpoint.ids();
    }

    @JsonProperty("deleted_rows")
    public long deletedRows() {
      return deleted.rows();
    }

    @JsonProperty("deletions")
    public List<FileEntry> deletions() {
      return deleted.files();
    }

    @JsonProperty("read_to")
    public Position readTo() {
      return checkpoint.readTo();
    }

    @JsonProperty("read_at")
    public LocalDateTime readAt() {
      return checkpoint.readAt();
    }

    @JsonProperty("backlog_rows")
    public long backlogRows() {
      return checkpoint.backlogRows();
    }

    @JsonProperty("late_rows")
    public long lateRows() {
      return read.lateRows();
    }
  }

  /**
   * What a run read of one table and wrote: {@code rows} in {@code files} (gzipped JSON Lines
   * parts, in order). {@code carriedFiles} counts the leading files that a repair run carried over
   * from the run it repairs; {@code futureRows} the rows whose last_updated was later than the
   * database clock (a writer with a skewed clock: they are read again by every run until their time
   * has come); {@code lateRows} the rows (in the last files) read by id because they were inserted
   * or updated since the previous run with a last_updated before this run's window (a writer whose
   * clock is behind, or a transaction open longer than the lookback).
   */
  public record Read(
      long rows, List<FileEntry> files, int carriedFiles, long futureRows, long lateRows) {
    public Read {
      files = List.copyOf(files);
    }
  }

  /**
   * Where a table's reading stands after a run, what the next run goes on from.
   *
   * <ul>
   *   <li>{@code watermark}: the largest last_updated read, or the previous watermark when no row
   *       was read (null only while the table has never had a row); never later than the database
   *       clock of the snapshot.
   *   <li>{@code readTo}: the keyset position {@code (last_updated, id)}; every row up to it has
   *       been read by this run or an earlier one. The next run reads the rows after it (as many as
   *       its row cap allows) and, when the table was read to its end, again those up to it with
   *       {@code last_updated > watermark - lookback} (rows committed late behind it). Null in
   *       manifests written before bounded runs: the next run reads from {@code watermark -
   *       lookback}.
   *   <li>{@code readAt}: the database clock of the snapshot that last read the table.
   *   <li>{@code backlogRows}: the rows after the position left to later runs, as of the snapshot
   *       (0: the table is caught up).
   *   <li>{@code ids}: the key set, every id the table had in the snapshot, with the ids deleted
   *       since and those left unread (null in manifests written before deletes were detected).
   * </ul>
   */
  public record Checkpoint(
      LocalDateTime watermark,
      Position readTo,
      LocalDateTime readAt,
      long backlogRows,
      FileEntry ids) {
    /** The checkpoint of a table read to its end before positions and key sets were kept. */
    public static Checkpoint watermark(LocalDateTime watermark) {
      return new Checkpoint(watermark, null, null, 0, null);
    }

    /** This checkpoint with another key set. */
    public Checkpoint withIds(FileEntry keySet) {
      return new Checkpoint(watermark, readTo, readAt, backlogRows, keySet);
    }
  }

  /**
   * The ids of a table deleted in the source since the previous run's key set: {@code files} of
   * {@code {"id":7,"event":"deleted"}} (or {@code "appeared"} for an id that is there again),
   * {@code rows} of them deleted.
   */
  public record Deletions(long rows, List<FileEntry> files) {
    public static final Deletions NONE = new Deletions(0, List.of());

    public Deletions {
      files = files == null ? List.of() : List.copyOf(files);
    }
  }

  /**
   * A keyset position in a table's {@code (last_updated, id)} order: rows after it are those with a
   * later last_updated, or the same one and a larger id.
   */
  public record Position(LocalDateTime lastUpdated, long id) {
    public Position {
      Objects.requireNonNull(lastUpdated, "last_updated");
    }
  }

  /** Rows left to later runs, over every table (0: every table is complete in this run). */
  public long backlogRows() {
    return tables.stream().mapToLong(Table::backlogRows).sum();
  }

  /** True when every table was read to the end of its window in this run. */
  public boolean complete() {
    return tables.stream().allMatch(Table::complete);
  }

  /** Rows found deleted in the source, over every table. */
  public long deletedRows() {
    return tables.stream().mapToLong(Table::deletedRows).sum();
  }

  /** Rows read by id as written behind the window (see {@link Table}), over all tables. */
  public long lateRows() {
    return tables.stream().mapToLong(Table::lateRows).sum();
  }

  /** Rows dated later than the database clock, over every table. */
  public long futureRows() {
    return tables.stream().mapToLong(Table::futureRows).sum();
  }

  /** The entry of {@code table}, or null. */
  public Table table(String table) {
    return tables.stream().filter(t -> t.table().equals(table)).findFirst().orElse(null);
  }

  public long totalRows() {
    return tables.stream().mapToLong(Table::rows).sum();
  }
}
