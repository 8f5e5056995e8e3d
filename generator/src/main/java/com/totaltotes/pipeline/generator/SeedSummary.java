package com.totaltotes.pipeline.generator;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link TotesysGenerator#seed} wrote.
 *
 * @param rowsPerTable rows stored per totesys table (as counted by COPY), in load order
 * @param elapsed time the seed took, schema and ANALYZE included
 */
public record SeedSummary(Map<String, Long> rowsPerTable, Duration elapsed) {

  /** Copies the map (keeping its order) and rejects nulls. */
  public SeedSummary {
    rowsPerTable =
        Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(rowsPerTable)));
    Objects.requireNonNull(elapsed, "elapsed");
  }

  /** Rows over all tables. */
  public long totalRows() {
    return rowsPerTable.values().stream().mapToLong(Long::longValue).sum();
  }
}
