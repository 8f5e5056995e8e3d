package com.totaltotes.pipeline.transform;

import com.totaltotes.pipeline.source.SourceTable;
import com.totaltotes.pipeline.transform.mapping.ColumnValues;
import com.totaltotes.pipeline.transform.mapping.DimCounterpartyMapper;
import com.totaltotes.pipeline.transform.mapping.DimLocationMapper;
import com.totaltotes.pipeline.transform.mapping.DimStaffMapper;
import com.totaltotes.pipeline.transform.mapping.RowRejectedException;
import com.totaltotes.pipeline.transform.mapping.SourceRow;
import com.totaltotes.pipeline.warehouse.WarehouseRow;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The joined dimensions and their rules, in one place: a location is its address; a staff member
 * joins their department ({@code staff.department_id}); a counterparty joins its legal address
 * ({@code counterparty.legal_address_id}). Which rows a run re-emits, how each row is built, and
 * whether a fact may reference an id (its dimension row can be built) all follow from these rules.
 */
final class Dimensions {
  /** A joined dimension: its source table, the table it joins and the column that joins them. */
  enum Join {
    LOCATION(SourceTable.ADDRESS, null, null),
    STAFF(SourceTable.STAFF, SourceTable.DEPARTMENT, "department_id"),
    COUNTERPARTY(SourceTable.COUNTERPARTY, SourceTable.ADDRESS, "legal_address_id");

    final SourceTable source;
    final SourceTable joined;
    final String joinColumn;

    Join(SourceTable source, SourceTable joined, String joinColumn) {
      this.source = source;
      this.joined = joined;
      this.joinColumn = joinColumn;
    }

    static Join of(SourceTable source) {
      for (Join join : values()) {
        if (join.source == source) {
          return join;
        }
      }
      throw new IllegalArgumentException(source.tableName() + " is not a joined dimension");
    }
  }

  private static final String NO_PROBLEM = "";

  private final DimensionState state;
  private final DimLocationMapper locations = new DimLocationMapper();
  private final DimStaffMapper staff = new DimStaffMapper();
  private final DimCounterpartyMapper counterparties = new DimCounterpartyMapper();

  /** Per joined dimension, per id: why a fact may not reference it, or {@link #NO_PROBLEM}. */
  private final Map<Join, Map<Integer, String>> problems = new EnumMap<>(Join.class);

  Dimensions(DimensionState state) {
    this.state = state;
    for (Join join : Join.values()) {
      problems.put(join, new ConcurrentHashMap<>());
    }
  }

  /**
   * The rows of {@code join}'s source to emit in a run: those that changed, and those whose joined
   * row changed.
   *
   * @param changed the ids each source table's rows had in this run
   */
  List<SourceRow> toEmit(Join join, Map<SourceTable, Set<Integer>> changed) {
    Set<Integer> own = changed.get(join.source);
    if (join.joined == null) {
      return own.stream().map(state.table(join.source)::get).toList();
    }
    Set<Integer> joined = changed.get(join.joined);
    return state.table(join.source).values().stream()
        .filter(
            row ->
                own.contains(ColumnValues.requiredInt(row, join.source.idColumn()))
                    || joined.contains(ColumnValues.requiredInt(row, join.joinColumn)))
        .toList();
  }

  /**
   * The dimension row of one source row of {@code join}.
   *
   * @throws RowRejectedException when the joined row is unknown or a value cannot be mapped
   */
  WarehouseRow row(Join join, SourceRow source) {
    return switch (join) {
      case LOCATION -> locations.map(source);
      case STAFF -> staff.map(source, joinedRow(join, source));
      case COUNTERPARTY -> counterparties.map(source, joinedRow(join, source));
    };
  }

  private SourceRow joinedRow(Join join, SourceRow source) {
    return state.table(join.joined).get(ColumnValues.requiredInt(source, join.joinColumn));
  }

  /**
   * Why a fact may not reference {@code id} of {@code source}, or null when it may: the id is
   * unknown, or its dimension row cannot be built (a fact pointing at it would break the
   * warehouse's foreign key). Computed once per id and run.
   */
  String referenceProblem(SourceTable source, int id) {
    Join join = Join.of(source);
    Map<Integer, String> known = problems.get(join);
    String problem = known.get(id);
    if (problem == null) {
      problem = known.computeIfAbsent(id, k -> problemOf(join, id));
    }
    return problem.equals(NO_PROBLEM) ? null : problem;
  }

  private String problemOf(Join join, int id) {
    SourceRow row = state.table(join.source).get(id);
    if (row == null) {
      return "references an unknown " + join.source.tableName();
    }
    try {
      row(join, row);
      return NO_PROBLEM;
    } catch (RowRejectedException e) {
      return "references a "
          + join.source.tableName()
          + " whose dimension row cannot be built: "
          + e.reason();
    }
  }
}
