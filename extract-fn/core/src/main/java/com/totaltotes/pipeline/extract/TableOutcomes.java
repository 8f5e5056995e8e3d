package com.totaltotes.pipeline.extract;

import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.source.SourceTable;
import java.time.LocalDateTime;
import java.util.EnumMap;
import java.util.Map;

/**
 * How a run's reads end (a pure planner: no database, no bucket): what each table's read counts as,
 * and the manifest entry, with its checkpoint, that it leaves to the next run. Unit-tested in
 * {@code TableOutcomesTest}.
 */
final class TableOutcomes {
  private TableOutcomes() {}

  /**
   * What a run does with one table: its window, the rows pending in it (-1: not counted, the run is
   * not bounded), whether it reads it, and the position of its last row to read (null: to the end
   * of the window).
   */
  record Plan(ReadWindow window, long pending, boolean read, IngestManifest.Position upTo) {
    /** The window this plan reads: the table's, cut at the row cap's position when it has one. */
    ReadWindow reads() {
      return upTo == null ? window : window.upTo(upTo);
    }
  }

  /** What happened to one table in this run. */
  enum Outcome {
    /** Its window was read to the end. */
    COMPLETE,
    /** Read up to a position: the row cap or the deadline ended it there. */
    PARTIAL,
    /** Not read in this run (or its read not kept): its state is carried to the next run. */
    NOT_READ
  }

  /** A table's outcome and the entry it leaves in the manifest (before its key set is added). */
  record Settled(Outcome outcome, IngestManifest.Table entry, String note) {}

  /**
   * Settles every table, in reference order ({@link SourceTable#referencedFirst()}): a read cut by
   * the deadline before any new row counts as not read; a table read while a table it references
   * was not read to the end is not kept (its files are orphans nothing reads; a note says why), so
   * every row a run keeps finds the rows it references in the same run or an earlier one. A kept
   * table's checkpoint is its largest position read (the window's when it read none), the
   * snapshot's clock, and what it left of the rows pending; a table not kept carries its state
   * ({@link TableWindows#carried}).
   */
  static Map<SourceTable, Settled> settle(
      TableWindows windows,
      Map<SourceTable, Plan> plans,
      Map<SourceTable, ExtractTable.Result> results,
      IngestManifest previous,
      LocalDateTime databaseClock) {
    Map<SourceTable, Settled> settled = new EnumMap<>(SourceTable.class);
    for (SourceTable table : SourceTable.referencedFirst()) {
      Plan plan = plans.get(table);
      ExtractTable.Result result = results.get(table);
      Outcome outcome;
      if (result == null) {
        outcome = Outcome.NOT_READ;
      } else if (result.cut()) {
        outcome = result.newRows() > 0 ? Outcome.PARTIAL : Outcome.NOT_READ;
      } else {
        outcome = plan.upTo() == null ? Outcome.COMPLETE : Outcome.PARTIAL;
      }
      String note = null;
      if (outcome != Outcome.NOT_READ) {
        for (SourceTable referenced : table.references()) {
          if (settled.get(referenced).outcome() != Outcome.COMPLETE) {
            note =
                table.tableName()
                    + " was read but "
                    + referenced.tableName()
                    + ", which it references, was not read to the end: its rows are left to the"
                    + " next run";
            outcome = Outcome.NOT_READ;
            break;
          }
        }
      }
      long left = Math.max(0, plan.pending());
      IngestManifest.Table entry =
          switch (outcome) {
            case COMPLETE, PARTIAL ->
                result
                    .entry()
                    .with(
                        windows.read(
                            plan.window(),
                            result.entry().watermark(),
                            result.readTo(),
                            databaseClock,
                            outcome == Outcome.COMPLETE
                                ? 0
                                : Math.max(0, left - result.newRows())));
            case NOT_READ -> windows.carried(table, plan.window(), previous, left);
          };
      settled.put(table, new Settled(outcome, entry, note));
    }
    return settled;
  }
}
