package com.totaltotes.pipeline.run;

/**
 * Told as rows go through a long stage (an initial load of millions of rows), so that a runner can
 * show rows done and the rate. Called from worker threads: implementations must be thread-safe.
 */
@FunctionalInterface
public interface RowProgress {
  /** Tells nothing. */
  RowProgress NONE = (stage, table, rows) -> {};

  /** {@code rows} more rows of {@code table} are done in {@code stage}. */
  void advanced(Stage stage, String table, long rows);
}
