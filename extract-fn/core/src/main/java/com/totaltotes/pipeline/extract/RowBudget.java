package com.totaltotes.pipeline.extract;

import com.totaltotes.pipeline.source.SourceTable;
import java.util.EnumMap;
import java.util.Map;

/**
 * How a bounded run hands out its row cap (a pure planner: no database, no bucket). Tables are
 * served in foreign-key order ({@link SourceTable#referencedFirst()}); a table is read only when
 * every table it references is read to its end in the same run, so every row a run writes finds the
 * rows it references in that run or an earlier one. The table where the cap runs out is read up to
 * its n-th new row; the tables after it wait for the next run.
 */
final class RowBudget {
  private RowBudget() {}

  /** What one table gets: all its new rows, the first {@code rows} of them, or nothing yet. */
  record Share(Kind kind, long rows) {
    enum Kind {
      ALL,
      FIRST,
      WAIT
    }

    static final Share WAIT = new Share(Kind.WAIT, 0);

    static Share all(long rows) {
      return new Share(Kind.ALL, rows);
    }

    /** Whether the table is read to the end of its window. */
    boolean toEnd() {
      return kind == Kind.ALL;
    }

    /** Whether the table is read at all. */
    boolean read() {
      return kind != Kind.WAIT;
    }
  }

  /**
   * The share of each table, given its new rows dated up to the database clock ({@code pending}; a
   * table missing from it, or with a negative count, was not counted: it is read to its end) and
   * the cap ({@code cap} rows; 0 or less: none).
   */
  static Map<SourceTable, Share> plan(Map<SourceTable, Long> pending, long cap) {
    Map<SourceTable, Share> shares = new EnumMap<>(SourceTable.class);
    long left = cap > 0 ? cap : Long.MAX_VALUE;
    for (SourceTable table : SourceTable.referencedFirst()) {
      long rows = pending.getOrDefault(table, -1L);
      boolean referencesDone = table.references().stream().allMatch(r -> shares.get(r).toEnd());
      Share share;
      if (!referencesDone) {
        share = Share.WAIT;
      } else if (rows <= left) {
        share = Share.all(rows);
        left -= Math.max(0, rows);
      } else if (left > 0) {
        share = new Share(Share.Kind.FIRST, left);
        left = 0;
      } else {
        share = Share.WAIT;
      }
      shares.put(table, share);
    }
    return shares;
  }
}
