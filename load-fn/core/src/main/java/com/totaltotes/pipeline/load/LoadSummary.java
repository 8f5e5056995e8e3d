package com.totaltotes.pipeline.load;

import java.time.LocalDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one processed run did to the warehouse. {@code rowsPerTable} holds every warehouse table in
 * load order; {@code skipped} is true when the run was already in the load ledger (then every count
 * is zero and nothing was written). {@code newestSourceUpdate} is the newest source {@code
 * last_updated} the run's manifest reports (UTC wall clock; null when skipped or unknown); the
 * freshness metric counts from the run's start instead. {@code setAside} is the reason when the run
 * was set aside (nothing loaded).
 */
public record LoadSummary(
    String runId,
    Map<String, TableCounts> rowsPerTable,
    boolean skipped,
    long durationMs,
    LocalDateTime newestSourceUpdate,
    String setAside) {

  public LoadSummary {
    rowsPerTable = Collections.unmodifiableMap(new LinkedHashMap<>(rowsPerTable));
  }

  public LoadSummary(
      String runId,
      Map<String, TableCounts> rowsPerTable,
      boolean skipped,
      long durationMs,
      LocalDateTime newestSourceUpdate) {
    this(runId, rowsPerTable, skipped, durationMs, newestSourceUpdate, null);
  }

  /** Rows inserted or updated, over all tables. */
  public long rowsWritten() {
    return rowsPerTable.values().stream().mapToLong(c -> c.inserted() + c.updated()).sum();
  }
}
