package com.totaltotes.pipeline.transform.mapping;

import java.util.LinkedHashMap;
import java.util.Map;

/** Hand-written rows for the mapping tests: ordered, and NULL allowed (unlike Map.of). */
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
