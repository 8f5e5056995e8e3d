package com.totaltotes.pipeline.extract;

import java.time.LocalDateTime;
import java.util.Map;

/** What one extract run did: rows and watermark per table, total rows, duration. */
public record ExtractSummary(
    String runId,
    long rows,
    Map<String, Long> rowsPerTable,
    Map<String, LocalDateTime> watermarks,
    long durationMs) {}
