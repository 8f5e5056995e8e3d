package com.totaltotes.pipeline.transform.mapping;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
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
 * array as a map or list, as Jackson reads it) of the columns the warehouse is built from ({@link
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
      if (table.neededColumns().size() >= Long.SIZE) {
        throw new IllegalStateException(table.tableName() + " needs too many columns for a row");
      }
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

  /** Bit i set: the line had column i (a table has fewer than 64 needed columns). */
  private final long present;

  private SourceRow(SourceTable table, Object[] values, long present) {
    this.table = table;
    this.values = values;
    this.present = present;
  }

  private boolean has(int index) {
    return (present & (1L << index)) != 0;
  }

  /**
   * The row of {@code table} holding {@code columns} (NULL allowed): the row a line with those
   * fields would parse to. As with a line, a column the warehouse does not use is left out, and a
   * needed column that {@code columns} lacks is missing, not NULL.
   */
  public static SourceRow of(SourceTable table, Map<String, ?> columns) {
    Map<String, Integer> index = INDEX.get(table);
    Object[] values = new Object[index.size()];
    long present = 0;
    for (Map.Entry<String, ?> column : columns.entrySet()) {
      Integer at = index.get(column.getKey());
      if (at != null) {
        values[at] = column.getValue();
        present |= 1L << at;
      }
    }
    return new SourceRow(table, values, present);
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
    return has(index) ? values[index] : MISSING;
  }

  /**
   * Reads the rows of one table, one object at a time. It learns the order of a line's fields from
   * the lines before (the extract writes every line of a table in one order) and asks the parser
   * whether the next field is the expected one ({@link JsonParser#nextFieldName(
   * com.fasterxml.jackson.core.SerializableString)}, a comparison of bytes): no name is decoded or
   * looked up while lines keep their order. Any other order, or a field more or less, is read by
   * name. Not thread-safe: one per thread.
   */
  public static final class Parser {
    private final SourceTable table;
    private final Map<String, Integer> index;
    private SerializedString[] names = new SerializedString[16];
    private int[] positions = new int[16];
    private int known;

    public Parser(SourceTable table) {
      this.table = table;
      this.index = INDEX.get(table);
    }

    /**
     * Reads the object whose {@code START_OBJECT} the parser is at, up to its {@code END_OBJECT}.
     *
     * @throws IOException when the JSON is malformed (a {@link
     *     com.fasterxml.jackson.core.JsonProcessingException}) or cannot be read
     */
    public SourceRow parse(JsonParser parser) throws IOException {
      Object[] values = new Object[index.size()];
      long present = 0;
      for (int field = 0; ; field++) {
        int at;
        if (field < known && parser.nextFieldName(names[field])) {
          at = positions[field];
        } else {
          JsonToken token = field < known ? parser.currentToken() : parser.nextToken();
          if (token == JsonToken.END_OBJECT) {
            break;
          }
          String name = parser.currentName(); // a FIELD_NAME: the parser checked the object
          Integer position = index.get(name);
          at = position == null ? -1 : position;
          learn(field, name, at);
        }
        JsonToken value = parser.nextToken();
        if (at < 0) {
          parser.skipChildren(); // a column the warehouse does not use
          continue;
        }
        values[at] = valueOf(value, parser);
        present |= 1L << at;
      }
      return new SourceRow(table, values, present);
    }

    private void learn(int field, String name, int at) {
      if (field >= names.length) {
        names = Arrays.copyOf(names, field * 2);
        positions = Arrays.copyOf(positions, field * 2);
      }
      names[field] = new SerializedString(name);
      positions[field] = at;
      known = Math.max(known, field + 1);
    }
  }

  private static Object valueOf(JsonToken token, JsonParser parser) throws IOException {
    return switch (token) {
      case VALUE_NULL -> null;
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_STRING -> parser.getText();
      case VALUE_NUMBER_INT -> parser.getNumberValue(); // Integer, Long or BigInteger: exact
      case VALUE_NUMBER_FLOAT -> parser.getDecimalValue(); // exact, never a double
      default -> parser.readValueAs(Object.class); // an object or array, as a map or list
    };
  }

  @Override
  public Object get(Object column) {
    Integer at = INDEX.get(table).get(column);
    if (at == null) {
      return null;
    }
    return values[at]; // null when NULL or missing
  }

  @Override
  public boolean containsKey(Object column) {
    Integer at = INDEX.get(table).get(column);
    return at != null && has(at);
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
            while (i < values.length && !has(i)) {
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
        return Long.bitCount(present);
      }
    };
  }
}
