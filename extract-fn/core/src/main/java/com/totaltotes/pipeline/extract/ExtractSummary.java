package com.totaltotes.pipeline.extract;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.source.SourceTable;
import java.time.LocalDateTime;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What one extract run did: rows and watermark per table, total rows, duration; rows dated after
 * the database clock, rows read by id as having appeared with a last_updated before the run's
 * window, schema drift warnings, stray manifest keys, the runs it repairs, and the rows found
 * deleted in the source per table, and the rows each table holds (its key set); the rows each
 * table's window still holds beyond what this bounded run read (as of its snapshot); the pipeline
 * objects it found missing and repaired: manifests written again from their seq's claim, key sets
 * lost (rebuilt from an earlier one when it can be).
 */
@JsonPropertyOrder({
  "runId",
  "rows",
  "rowsPerTable",
  "watermarks",
  "durationMs",
  "futureRows",
  "lateRows",
  "schemaDrift",
  "strayManifestKeys",
  "repairs",
  "deletedPerTable",
  "sourceRowsPerTable",
  "backlogPerTable",
  "manifestsRestored",
  "keySetsLost",
  "positionsMoved",
  "snapshotNotComparable"
})
// implicit names: the codec writes them snake_case (the log line, the runner), the function's
// response camelCase, as Quarkus' mapper does for every field
public record ExtractSummary(
    String runId,
    long rows,
    @JsonIgnore Map<SourceTable, TableSummary> tables,
    long durationMs,
    long futureRows,
    long lateRows,
    int schemaDrift,
    int strayManifestKeys,
    List<String> repairs,
    int manifestsRestored,
    int keySetsLost,
    boolean positionsMoved,
    boolean snapshotNotComparable) {

  public ExtractSummary {
    tables = java.util.Collections.unmodifiableMap(new EnumMap<>(tables));
    repairs = List.copyOf(repairs);
  }

  /**
   * One table in the run: rows written, its watermark (null while it never had a row), rows found
   * deleted in the source, rows its key set holds, and rows its window still holds beyond what this
   * bounded run read.
   */
  public record TableSummary(
      long rows, LocalDateTime watermark, long deleted, long sourceRows, long backlog) {}

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
      int keySetsLost,
      boolean snapshotNotComparable) {
    Map<SourceTable, TableSummary> tables = new EnumMap<>(SourceTable.class);
    boolean moved = false;
    for (IngestManifest.Table t : manifest.tables()) {
      IngestManifest.Table before = previous == null ? null : previous.table(t.table());
      moved |= t.readTo() != null && (before == null || !t.readTo().equals(before.readTo()));
      tables.put(
          SourceTable.byName(t.table()).orElseThrow(),
          new TableSummary(
              t.rows(), t.watermark(), t.deletedRows(), t.ids().rows(), t.backlogRows()));
    }
    return new ExtractSummary(
        manifest.runId(),
        manifest.totalRows(),
        tables,
        manifest.finishedAt().toEpochMilli() - manifest.startedAt().toEpochMilli(),
        manifest.futureRows(),
        manifest.lateRows(),
        schemaDrift,
        strayManifestKeys,
        manifest.repairs(),
        manifestsRestored,
        keySetsLost,
        moved,
        snapshotNotComparable);
  }

  /** Rows written per table, by table name. */
  @JsonProperty
  public Map<String, Long> rowsPerTable() {
    return byName(TableSummary::rows);
  }

  /** The watermark per table, by table name (null while the table never had a row). */
  @JsonProperty
  public Map<String, LocalDateTime> watermarks() {
    return byName(TableSummary::watermark);
  }

  /** Rows found deleted in the source per table, by table name. */
  @JsonProperty
  public Map<String, Long> deletedPerTable() {
    return byName(TableSummary::deleted);
  }

  /** Rows each table's key set holds, by table name. */
  @JsonProperty
  public Map<String, Long> sourceRowsPerTable() {
    return byName(TableSummary::sourceRows);
  }

  /** Rows left to later runs per table, by table name. */
  @JsonProperty
  public Map<String, Long> backlogPerTable() {
    return byName(TableSummary::backlog);
  }

  /** One figure of every table, by table name, in table order (null values kept). */
  private <V> Map<String, V> byName(Function<TableSummary, V> figure) {
    Map<String, V> out = new LinkedHashMap<>();
    tables.forEach((table, summary) -> out.put(table.tableName(), figure.apply(summary)));
    return out;
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
    return tables.values().stream().mapToLong(TableSummary::backlog).sum();
  }

  /** Rows found deleted in the source, over every table. */
  public long deletedRows() {
    return tables.values().stream().mapToLong(TableSummary::deleted).sum();
  }
}
