package com.totaltotes.pipeline.manifest;

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
    Objects.requireNonNull(runId, "runId");
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
   * One table of the run: rows with {@code last_updated > since} (all rows when since is null);
   * {@code watermark} is the largest last_updated read, or the previous watermark when no row was
   * read (null only while the table has never had a row), never later than the database's clock at
   * the extract ({@code databaseClock} of the manifest). {@code futureRows} counts the rows read
   * whose last_updated was later than that clock (a writer with a skewed clock): they are re-read
   * by every run until their time has come. {@code carriedFiles} counts the leading files of {@code
   * files} that a repair run carried over from the run it repairs. {@code ids} is the key set of
   * the table in the snapshot (null in manifests written before deletes were detected), {@code
   * deletions} the files of ids deleted since the previous key set ({@code
   * {"id":7,"event":"deleted"}}, or {@code "appeared"} for an id that is there again), {@code
   * deletedRows} their count. {@code lateRows} counts the rows of {@code rows} (in the last files)
   * read by id because they were inserted or updated since the previous run with a last_updated
   * before this run's window: written by a writer whose clock is behind, or committed by a
   * transaction open longer than the lookback.
   *
   * <p>Bounded runs (issue 16): {@code readTo} is the table's keyset position {@code (last_updated,
   * id)}: every row up to it has been read by this run or an earlier one (rows committed late
   * behind it are read again by the lookback); the next run reads the rows after it, as many as its
   * row cap allows, and again those up to it with {@code last_updated > readAt - lookback}. {@code
   * readAt} is the database clock of the snapshot that last read the table. {@code backlogRows}
   * counts the rows after the position this run left to later runs, as of its snapshot (0: the
   * table is caught up). Manifests written before bounded runs have neither; their next run reads
   * from {@code watermark - lookback}. {@code since} is then the earliest {@code last_updated} the
   * run may have read (a repair of the run reads from it).
   */
  public record Table(
      String table,
      LocalDateTime since,
      LocalDateTime watermark,
      long rows,
      List<FileEntry> files,
      long futureRows,
      int carriedFiles,
      FileEntry ids,
      long deletedRows,
      List<FileEntry> deletions,
      Position readTo,
      LocalDateTime readAt,
      long backlogRows,
      long lateRows) {
    public Table {
      Objects.requireNonNull(table, "table");
      files = List.copyOf(files);
      deletions = deletions == null ? List.of() : List.copyOf(deletions);
    }

    public Table(
        String table,
        LocalDateTime since,
        LocalDateTime watermark,
        long rows,
        List<FileEntry> files,
        long futureRows,
        int carriedFiles) {
      this(
          table,
          since,
          watermark,
          rows,
          files,
          futureRows,
          carriedFiles,
          null,
          0,
          List.of(),
          null,
          null,
          0,
          0);
    }

    /** True when the run left no row of the table to later runs. */
    public boolean complete() {
      return backlogRows == 0;
    }

    /** This entry with the bounded-run fields: its position, when read, and what is left. */
    public Table withProgress(Position readTo, LocalDateTime readAt, long backlogRows) {
      return new Table(
          table,
          since,
          watermark,
          rows,
          files,
          futureRows,
          carriedFiles,
          ids,
          deletedRows,
          deletions,
          readTo,
          readAt,
          backlogRows,
          lateRows);
    }

    public Table(
        String table,
        LocalDateTime since,
        LocalDateTime watermark,
        long rows,
        List<FileEntry> files) {
      this(table, since, watermark, rows, files, 0, 0);
    }

    /**
     * This entry with the table's key set: {@code ids} holds every id the table had in the
     * snapshot; {@code deletions} list the ids deleted since the previous run's key set (and those
     * that appeared again), {@code deletedRows} counts the deleted ones.
     */
    public Table withKeys(FileEntry ids, long deletedRows, List<FileEntry> deletions) {
      return new Table(
          table,
          since,
          watermark,
          rows,
          files,
          futureRows,
          carriedFiles,
          ids,
          deletedRows,
          deletions,
          readTo,
          readAt,
          backlogRows,
          lateRows);
    }

    /**
     * This entry with the rows read by id after the window ({@code lateFiles}, {@code rows} of
     * them): rows written since the previous run's snapshot with a last_updated before this run's
     * window (a writer's clock behind, or a transaction open longer than the lookback).
     */
    public Table withLateRows(List<FileEntry> lateFiles, long rows) {
      List<FileEntry> all = new java.util.ArrayList<>(files);
      all.addAll(lateFiles);
      return new Table(
          table,
          since,
          watermark,
          this.rows + rows,
          all,
          futureRows,
          carriedFiles,
          ids,
          deletedRows,
          deletions,
          readTo,
          readAt,
          backlogRows,
          lateRows + rows);
    }
  }

  /**
   * A keyset position in a table's {@code (last_updated, id)} order: rows after it are those with a
   * later last_updated, or the same one and a larger id.
   */
  public record Position(LocalDateTime lastUpdated, long id) {
    public Position {
      Objects.requireNonNull(lastUpdated, "lastUpdated");
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
