package com.totaltotes.pipeline.load;

/**
 * What loading one run did to one warehouse table: rows staged from its Parquet files, rows
 * inserted, and (dimensions only) rows updated because a value differed. Staged rows that are
 * neither were already present unchanged.
 */
public record TableCounts(long staged, long inserted, long updated) {
  public static final TableCounts NONE = new TableCounts(0, 0, 0);

  public TableCounts {
    if (staged < 0 || inserted < 0 || updated < 0) {
      throw new IllegalArgumentException("negative row count");
    }
  }
}
