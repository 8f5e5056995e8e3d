package com.totaltotes.pipeline.generator;

import java.time.LocalDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one {@link TotesysGenerator#changeRound} did. Every row it inserted or updated has a {@code
 * last_updated} later than {@code previousMaxLastUpdated} and at most {@code maxLastUpdated}; no
 * other row was touched.
 *
 * @param previousMaxLastUpdated the largest {@code last_updated} over the eleven tables before the
 *     round
 * @param maxLastUpdated the largest {@code last_updated} the round wrote
 * @param insertedIds ids of inserted rows, per table name; every one of the eleven tables is a key
 * @param updatedIds ids of updated rows, per table name; every one of the eleven tables is a key
 */
public record ChangeSummary(
    LocalDateTime previousMaxLastUpdated,
    LocalDateTime maxLastUpdated,
    Map<String, List<Integer>> insertedIds,
    Map<String, List<Integer>> updatedIds) {

  /** Copies the maps and lists (keeping their order) and rejects nulls. */
  public ChangeSummary {
    Objects.requireNonNull(previousMaxLastUpdated, "previousMaxLastUpdated");
    Objects.requireNonNull(maxLastUpdated, "maxLastUpdated");
    insertedIds = copy(insertedIds);
    updatedIds = copy(updatedIds);
  }

  /** Rows inserted into {@code table}. */
  public long inserted(String table) {
    return insertedIds.getOrDefault(table, List.of()).size();
  }

  /** Rows updated in {@code table}. */
  public long updated(String table) {
    return updatedIds.getOrDefault(table, List.of()).size();
  }

  /** The address (some counterparty's legal address) whose phone changed. */
  public int changedAddressId() {
    return only("address");
  }

  /** The department (one with staff) that was renamed. */
  public int renamedDepartmentId() {
    return only("department");
  }

  /** Payments turned from unpaid to paid. */
  public List<Integer> paidPaymentIds() {
    return updatedIds.getOrDefault("payment", List.of());
  }

  private int only(String table) {
    List<Integer> ids = updatedIds.getOrDefault(table, List.of());
    if (ids.size() != 1) {
      throw new IllegalStateException("expected one updated " + table + " row, got " + ids);
    }
    return ids.get(0);
  }

  private static Map<String, List<Integer>> copy(Map<String, List<Integer>> ids) {
    Map<String, List<Integer>> copy = new LinkedHashMap<>();
    Objects.requireNonNull(ids).forEach((table, list) -> copy.put(table, List.copyOf(list)));
    return Collections.unmodifiableMap(copy);
  }
}
