package com.totaltotes.pipeline.cli;

import java.util.ArrayList;
import java.util.List;

/** Renders rows as aligned text columns; columns whose values all look numeric align right. */
public final class TextTable {
  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  public TextTable(List<String> headers) {
    this.headers = List.copyOf(headers);
  }

  /** Adds a row with one value per header. */
  public TextTable add(List<String> row) {
    if (row.size() != headers.size()) {
      throw new IllegalArgumentException(
          "row has " + row.size() + " values for " + headers.size() + " columns");
    }
    rows.add(List.copyOf(row));
    return this;
  }

  /** The table, each line starting with {@code indent}, ending in a newline. */
  public String render(String indent) {
    int n = headers.size();
    int[] width = new int[n];
    boolean[] numeric = new boolean[n];
    for (int i = 0; i < n; i++) {
      width[i] = headers.get(i).length();
      numeric[i] = !rows.isEmpty();
      for (List<String> row : rows) {
        width[i] = Math.max(width[i], row.get(i).length());
        numeric[i] &= row.get(i).matches("-?[\\d,]+(\\.\\d+)?");
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, indent, headers, width, numeric);
    for (List<String> row : rows) {
      line(out, indent, row, width, numeric);
    }
    return out.toString();
  }

  private static void line(
      StringBuilder out, String indent, List<String> values, int[] width, boolean[] numeric) {
    StringBuilder line = new StringBuilder(indent);
    for (int i = 0; i < values.size(); i++) {
      String v = values.get(i);
      String pad = " ".repeat(width[i] - v.length());
      line.append(i == 0 ? "" : "  ").append(numeric[i] ? pad + v : v + pad);
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }
}
