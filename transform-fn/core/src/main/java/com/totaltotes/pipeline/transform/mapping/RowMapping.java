package com.totaltotes.pipeline.transform.mapping;

import com.totaltotes.pipeline.source.SourceTable;
import com.totaltotes.pipeline.warehouse.Column;
import com.totaltotes.pipeline.warehouse.WarehouseRow;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * How the rows of one source table become the rows of one warehouse table, declared once by column
 * names and resolved to positions once: a {@link SourceRow} of that table is mapped by position,
 * with no name lookup per value. Every value goes through {@link ColumnValues#toColumn}.
 */
final class RowMapping {
  private enum Kind {
    COPY,
    /** A timestamp split into the warehouse's date column and time column. */
    SPLIT
  }

  private record Step(Kind kind, String source, int sourceIndex, int target, int secondTarget) {}

  private final SourceTable source;
  private final WarehouseTable target;
  private final List<Column> columns;
  private final Step[] steps;

  private RowMapping(SourceTable source, WarehouseTable target, List<Step> steps) {
    this.source = source;
    this.target = target;
    this.columns = target.columns();
    this.steps = steps.toArray(Step[]::new);
  }

  static Builder from(SourceTable source, WarehouseTable target) {
    return new Builder(source, target);
  }

  /**
   * The warehouse row of one source row.
   *
   * @throws RowRejectedException naming the first column that is missing or cannot be converted
   * @throws IllegalArgumentException when the row is not of the mapping's source table (a bug)
   */
  WarehouseRow map(SourceRow row) {
    if (row.table() != source) {
      throw new IllegalArgumentException(
          "a " + row.table().tableName() + " row given to the mapping of " + source.tableName());
    }
    Object[] values = new Object[columns.size()];
    for (Step step : steps) {
      Object raw = row.valueAt(step.sourceIndex());
      if (raw == SourceRow.MISSING) {
        throw new RowRejectedException("missing column '" + step.source() + "'");
      }
      if (step.kind() == Kind.COPY) {
        values[step.target()] = ColumnValues.toColumn(columns.get(step.target()), raw);
      } else {
        LocalDateTime at = ColumnValues.toTimestamp(step.source(), raw);
        if (at == null) {
          throw new RowRejectedException("NULL in non-nullable column " + step.source());
        }
        values[step.target()] = ColumnValues.toColumn(columns.get(step.target()), at.toLocalDate());
        values[step.secondTarget()] =
            ColumnValues.toColumn(
                columns.get(step.secondTarget()),
                ColumnValues.toTimeMillis(step.source(), at.toLocalTime()));
      }
    }
    return new WarehouseRow(target, values);
  }

  /** Declares the steps of a mapping, in the order their checks run. */
  static final class Builder {
    private final SourceTable source;
    private final WarehouseTable target;
    private final List<Step> steps = new ArrayList<>();
    private final boolean[] covered;

    private Builder(SourceTable source, WarehouseTable target) {
      this.source = source;
      this.target = target;
      this.covered = new boolean[target.columns().size()];
    }

    /** Copies the source column of the same name. */
    Builder copy(String column) {
      return copy(column, column);
    }

    /** Copies a source column into a warehouse column of another name. */
    Builder copy(String sourceColumn, String column) {
      steps.add(new Step(Kind.COPY, sourceColumn, sourceIndex(sourceColumn), cover(column), -1));
      return this;
    }

    /**
     * Splits the source's {@code created_at} and {@code last_updated} timestamps into the fact's
     * {@code created_date}, {@code created_time}, {@code last_updated_date} and {@code
     * last_updated_time}, keeping the wall-clock value and its milliseconds.
     */
    Builder splitCreatedAndLastUpdated() {
      return split("created_at", "created_date", "created_time")
          .split("last_updated", "last_updated_date", "last_updated_time");
    }

    private Builder split(String sourceColumn, String dateColumn, String timeColumn) {
      steps.add(
          new Step(
              Kind.SPLIT,
              sourceColumn,
              sourceIndex(sourceColumn),
              cover(dateColumn),
              cover(timeColumn)));
      return this;
    }

    /**
     * The mapping.
     *
     * @throws IllegalStateException when a warehouse column is not set by any step (a bug)
     */
    RowMapping build() {
      for (int i = 0; i < covered.length; i++) {
        if (!covered[i]) {
          throw new IllegalStateException(
              target.tableName() + " mapping never sets " + target.columnNames().get(i));
        }
      }
      return new RowMapping(source, target, steps);
    }

    private int sourceIndex(String column) {
      int at = SourceRow.indexOf(source, column);
      if (at < 0) {
        throw new IllegalStateException(
            column + " is not a needed column of " + source.tableName() + " (SourceTable)");
      }
      return at;
    }

    private int cover(String column) {
      int at = target.requireIndex(column);
      covered[at] = true;
      return at;
    }
  }
}
