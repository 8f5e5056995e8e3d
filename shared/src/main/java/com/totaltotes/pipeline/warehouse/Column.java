package com.totaltotes.pipeline.warehouse;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One column of a warehouse table: its exact name (lower_snake, also a safe SQL identifier), its
 * type and whether it may hold NULL.
 */
public record Column(String name, ColumnType type, boolean nullable) {
  private static final Pattern LOWER_SNAKE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");

  public Column {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (!LOWER_SNAKE.matcher(name).matches()) {
      throw new IllegalArgumentException("column name '" + name + "' is not lower_snake");
    }
  }

  /** A column that is {@code NOT NULL}. */
  public static Column notNull(String name, ColumnType type) {
    return new Column(name, type, false);
  }

  /** A column that may hold NULL. */
  public static Column nullable(String name, ColumnType type) {
    return new Column(name, type, true);
  }
}
