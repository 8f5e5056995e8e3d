package com.totaltotes.pipeline.transform;

import java.util.Map;

/** What one transform run produced: rows per warehouse table, rejects, duration. */
public record TransformSummary(
    String runId, long rows, long rejected, Map<String, Long> rowsPerTable, long durationMs) {}
