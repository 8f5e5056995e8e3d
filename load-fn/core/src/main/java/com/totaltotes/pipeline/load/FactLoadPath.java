package com.totaltotes.pipeline.load;

/**
 * How a run on the bulk path ({@link LoadConfig#bulkThresholdRows()}) appends one fact table's
 * rows, chosen per table from the run's rows and the table's: the cost of {@link #REBUILD} follows
 * the table, the cost of {@link #IN_PLACE} follows the run, so a catch-up in bounded runs costs
 * about what its rows cost, whatever the warehouse already holds.
 */
enum FactLoadPath {
  /**
   * The table's keys (primary, unique, foreign) are dropped inside the run's transaction, the rows
   * copied straight into it and the keys added back: PostgreSQL builds both indexes once, sorted,
   * and checks every reference of the whole table once, set-wise — the order {@code pg_restore}
   * uses. The quickest way to fill an empty table or one the run doubles; its time grows with the
   * rows already there.
   */
  REBUILD,

  /**
   * The keys stay: the rows are staged, then inserted with the two indexes maintained row by row
   * (new versions mostly land at the indexes' right edge), the per-row reference triggers off for
   * the run's transaction ({@code SET LOCAL session_replication_role = replica}) and every
   * reference of the new rows checked set-wise instead, one anti-join per foreign key over the new
   * rows only ({@link FactKeys#checkReferencesFrom}). Needs the privilege to set that parameter
   * (superuser, or PostgreSQL 15's {@code GRANT SET ON PARAMETER session_replication_role});
   * without it the table is rebuilt.
   */
  IN_PLACE;

  /**
   * A run of at least this share of the table's rows rebuilds it: below it, rebuilding the indexes
   * of the rows already there costs more than maintaining them for the new ones
   * (benchmarks/README.md, "Load paths").
   */
  static final double REBUILD_SHARE = 0.5;

  /**
   * The path for a run of {@code runRows} fact rows into a table holding about {@code tableRows}
   * ({@link FactKeys#estimatedRows}; 0 when empty).
   */
  static FactLoadPath choose(long runRows, long tableRows) {
    return tableRows <= 0 || runRows >= REBUILD_SHARE * tableRows ? REBUILD : IN_PLACE;
  }
}
