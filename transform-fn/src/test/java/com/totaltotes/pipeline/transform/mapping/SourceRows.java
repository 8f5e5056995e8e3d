package com.totaltotes.pipeline.transform.mapping;

import com.totaltotes.pipeline.source.SourceTable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hand-written rows for the mapping tests: ordered, and NULL allowed (unlike Map.of); as source
 * rows of a table ({@link #source}) for the mappers.
 */
final class SourceRows {
  private SourceRows() {}

  /** An ordered row filled column by column with {@link Row#set}. */
  static final class Row extends LinkedHashMap<String, Object> {
    private static final long serialVersionUID = 1L;

    Row set(String column, Object value) {
      put(column, value);
      return this;
    }
  }

  /** An empty row. */
  static Row row() {
    return new Row();
  }

  /** The source row of {@code table} holding those columns ({@link SourceRow#of}). */
  static SourceRow source(SourceTable table, Map<String, Object> columns) {
    return SourceRow.of(table, columns);
  }

  /** A copy of the source row with one column set to a value (null allowed). */
  static SourceRow with(SourceRow row, String column, Object value) {
    return SourceRow.of(row.table(), with((Map<String, Object>) row, column, value));
  }

  /** A copy of the source row without that column: the column is missing. */
  static SourceRow without(SourceRow row, String column) {
    return SourceRow.of(row.table(), without((Map<String, Object>) row, column));
  }

  /** A copy of the row with one column set to a value (null allowed). */
  static Map<String, Object> with(Map<String, Object> row, String column, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(row);
    copy.put(column, value);
    return copy;
  }

  /** A copy of the row without that column. */
  static Map<String, Object> without(Map<String, Object> row, String column) {
    Map<String, Object> copy = new LinkedHashMap<>(row);
    copy.remove(column);
    return copy;
  }
}
