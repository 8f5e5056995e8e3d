package com.totaltotes.pipeline.transform.mapping;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.totaltotes.pipeline.source.SourceTable;
import java.io.IOException;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * One row of a totesys table as the extract wrote it, parsed straight from the JSON stream: the
 * JSON values (Integer, Long, BigInteger, BigDecimal, String, Boolean, null; a nested object or
 * array as a tree) of the columns the warehouse is built from ({@link
 * SourceTable#neededColumns()}), by position. The other columns of the line are skipped unread.
 * Read by column name like an unmodifiable map whose keys are the needed columns the line had: a
 * missing column is absent, not null, so the mapping can tell "missing column" from NULL.
 */
public final class SourceRow extends AbstractMap<String, Object> {
  /** A column the line did not have ({@link #valueAt}). */
  static final Object MISSING = new Object();

  private static final Map<SourceTable, Map<String, Integer>> INDEX =
      new EnumMap<>(SourceTable.class);
  private static final Map<SourceTable, List<String>> NAMES = new EnumMap<>(SourceTable.class);

  static {
    for (SourceTable table : SourceTable.values()) {
      List<String> names = List.copyOf(table.neededColumns().keySet());
      Map<String, Integer> index = new HashMap<>();
      for (int i = 0; i < names.size(); i++) {
        index.put(names.get(i), i);
      }
      NAMES.put(table, names);
      INDEX.put(table, index);
    }
  }

  private final SourceTable table;
  private final Object[] values;

  private SourceRow(SourceTable table, Object[] values) {
    this.table = table;
    this.values = values;
  }

  public SourceTable table() {
    return table;
  }

  /** The position of a needed column of {@code table}, or -1. */
  static int indexOf(SourceTable table, String column) {
    Integer at = INDEX.get(table).get(column);
    return at == null ? -1 : at;
  }

  /**
   * The value at a position of {@link #indexOf}, {@link #MISSING} when the line did not have it.
   */
  Object valueAt(int index) {
    return values[index];
  }

  /**
   * Reads the object whose {@code START_OBJECT} the parser is at, up to its {@code END_OBJECT}.
   *
   * @throws IOException when the JSON is malformed (a {@link
   *     com.fasterxml.jackson.core.JsonProcessingException}) or cannot be read
   */
  public static SourceRow parse(SourceTable table, JsonParser parser) throws IOException {
    Map<String, Integer> index = INDEX.get(table);
    Object[] values = new Object[index.size()];
    Arrays.fill(values, MISSING);
    for (JsonToken token = parser.nextToken();
        token != JsonToken.END_OBJECT;
        token = parser.nextToken()) {
      String name = parser.currentName(); // the token is a FIELD_NAME inside an object
      JsonToken value = parser.nextToken();
      Integer at = index.get(name);
      if (at == null) {
        parser.skipChildren(); // a column the warehouse does not use
        continue;
      }
      values[at] = valueOf(value, parser);
    }
    return new SourceRow(table, values);
  }

  private static Object valueOf(JsonToken token, JsonParser parser) throws IOException {
    return switch (token) {
      case VALUE_NULL -> null;
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_STRING -> parser.getText();
      case VALUE_NUMBER_INT -> parser.getNumberValue(); // Integer, Long or BigInteger: exact
      case VALUE_NUMBER_FLOAT -> parser.getDecimalValue(); // exact, never a double
      default -> parser.readValueAsTree(); // an object or array: kept so a reason can show it
    };
  }

  @Override
  public Object get(Object column) {
    Integer at = INDEX.get(table).get(column);
    if (at == null) {
      return null;
    }
    Object value = values[at];
    return value == MISSING ? null : value;
  }

  @Override
  public boolean containsKey(Object column) {
    Integer at = INDEX.get(table).get(column);
    return at != null && values[at] != MISSING;
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    List<String> names = NAMES.get(table);
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, Object>> iterator() {
        return new Iterator<>() {
          private int next = advance(0);

          private int advance(int from) {
            int i = from;
            while (i < values.length && values[i] == MISSING) {
              i++;
            }
            return i;
          }

          @Override
          public boolean hasNext() {
            return next < values.length;
          }

          @Override
          public Entry<String, Object> next() {
            if (next >= values.length) {
              throw new NoSuchElementException();
            }
            int i = next;
            next = advance(i + 1);
            return new SimpleImmutableEntry<>(names.get(i), values[i]);
          }
        };
      }

      @Override
      public int size() {
        int present = 0;
        for (Object value : values) {
          if (value != MISSING) {
            present++;
          }
        }
        return present;
      }
    };
  }
}
