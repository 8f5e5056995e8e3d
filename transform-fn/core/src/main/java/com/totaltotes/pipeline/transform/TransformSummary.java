package com.totaltotes.pipeline.transform;

import java.util.Map;

/**
 * What one transform run produced: rows per warehouse table, rejects, duration; or, for a run set
 * aside, the reason ({@code setAside}) and no rows.
 */
public record TransformSummary(
    String runId,
    long rows,
    long rejected,
    Map<String, Long> rowsPerTable,
    long durationMs,
    String setAside) {

  public TransformSummary(
      String runId, long rows, long rejected, Map<String, Long> rowsPerTable, long durationMs) {
    this(runId, rows, rejected, rowsPerTable, durationMs, null);
  }
}
