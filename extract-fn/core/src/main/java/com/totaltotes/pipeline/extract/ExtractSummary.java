package com.totaltotes.pipeline.extract;

import com.totaltotes.pipeline.manifest.IngestManifest;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one extract run did: rows and watermark per table, total rows, duration; rows dated after
 * the database clock, rows read by id as having appeared with a last_updated before the run's
 * window, schema drift warnings, stray manifest keys, the runs it repairs, and the rows found
 * deleted in the source per table, and the rows each table holds (its key set); the rows each
 * table's window still holds beyond what this bounded run read (as of its snapshot); the pipeline
 * objects it found missing and repaired: manifests written again from their seq's claim, key sets
 * lost (rebuilt from an earlier one when it can be).
 */
public record ExtractSummary(
    String runId,
    long rows,
    Map<String, Long> rowsPerTable,
    Map<String, LocalDateTime> watermarks,
    long durationMs,
    long futureRows,
    long lateRows,
    int schemaDrift,
    int strayManifestKeys,
    List<String> repairs,
    Map<String, Long> deletedPerTable,
    Map<String, Long> sourceRowsPerTable,
    Map<String, Long> backlogPerTable,
    int manifestsRestored,
    int keySetsLost,
    boolean positionsMoved) {

  /**
   * The summary of the run that wrote {@code manifest} after {@code previous} (null: the first
   * run): a position moved when a table's {@code readTo} differs from the previous run's.
   */
  static ExtractSummary of(
      IngestManifest manifest,
      IngestManifest previous,
      int schemaDrift,
      int strayManifestKeys,
      int manifestsRestored,
      int keySetsLost) {
    Map<String, Long> rows = new LinkedHashMap<>();
    Map<String, LocalDateTime> watermarks = new LinkedHashMap<>();
    Map<String, Long> deleted = new LinkedHashMap<>();
    Map<String, Long> present = new LinkedHashMap<>();
    Map<String, Long> backlog = new LinkedHashMap<>();
    boolean moved = false;
    for (IngestManifest.Table t : manifest.tables()) {
      IngestManifest.Table before = previous == null ? null : previous.table(t.table());
      moved |= t.readTo() != null && (before == null || !t.readTo().equals(before.readTo()));
      rows.put(t.table(), t.rows());
      watermarks.put(t.table(), t.watermark());
      deleted.put(t.table(), t.deletedRows());
      present.put(t.table(), t.ids().rows());
      backlog.put(t.table(), t.backlogRows());
    }
    return new ExtractSummary(
        manifest.runId(),
        manifest.totalRows(),
        rows,
        watermarks,
        manifest.finishedAt().toEpochMilli() - manifest.startedAt().toEpochMilli(),
        manifest.futureRows(),
        manifest.lateRows(),
        schemaDrift,
        strayManifestKeys,
        manifest.repairs(),
        deleted,
        present,
        backlog,
        manifestsRestored,
        keySetsLost,
        moved);
  }

  /** What follows a run (issue 27: a bounded run continues only when it made progress). */
  public enum Next {
    /** Nothing is left as of this run's snapshot. */
    DONE,
    /** Rows are left and this run moved a position: the next run starts at once. */
    CONTINUE,
    /**
     * Rows are left but no position moved (an invocation that started too close to its deadline to
     * read anything): another run at once would do the same, so none is started; the next schedule
     * tick tries again, and a metric says so.
     */
    STALLED
  }

  /** What should follow this run. */
  public Next next() {
    if (backlogRows() == 0) {
      return Next.DONE;
    }
    return positionsMoved ? Next.CONTINUE : Next.STALLED;
  }

  /** Rows left to later runs, over every table (0: caught up as of this run's snapshot). */
  public long backlogRows() {
    return backlogPerTable.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Rows found deleted in the source, over every table. */
  public long deletedRows() {
    return deletedPerTable.values().stream().mapToLong(Long::longValue).sum();
  }
}
