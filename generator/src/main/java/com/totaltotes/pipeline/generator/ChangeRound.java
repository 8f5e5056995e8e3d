package com.totaltotes.pipeline.generator;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One round of OLTP changes, as {@link TotesysGenerator#changeRound} documents. Every write gets
 * the next instant of a private clock that starts minutes after the database's newest {@code
 * last_updated}, so the round depends only on the database state and the seed.
 */
final class ChangeRound {

  private final Connection c;
  private final SplittableRandom r;
  private long clock;
  private long lastIssued;
  private final Map<String, List<Integer>> inserted = new LinkedHashMap<>();
  private final Map<String, List<Integer>> updated = new LinkedHashMap<>();

  private ChangeRound(Connection c, long seed, long sinceMillis) {
    this.c = c;
    this.r = new SplittableRandom(OrderValues.mix64(seed ^ OrderValues.mix64(sinceMillis)));
    this.clock = sinceMillis + 60_000L * (1 + r.nextInt(10)) + r.nextInt(1000);
    this.lastIssued = sinceMillis;
    for (TotesysTable t : TotesysTable.values()) {
      inserted.put(t.tableName(), new ArrayList<>());
      updated.put(t.tableName(), new ArrayList<>());
    }
  }

  /** Runs one round on {@code c} (the caller owns the transaction) and says what it did. */
  static ChangeSummary run(Connection c, long seed) throws SQLException {
    LocalDateTime since = maxLastUpdated(c);
    ChangeRound round = new ChangeRound(c, seed, Timeline.toMillis(since));
    round.payOldestUnpaid(2 + round.r.nextInt(4));
    round.updateOneSalesOrder();
    round.changeOneLegalAddress();
    round.renameOneStaffedDepartment();
    new OrderInserter(c, round.r, round::tick)
        .insert(2 + round.r.nextInt(4), 1 + round.r.nextInt(2), round.inserted);
    return new ChangeSummary(
        since, Timeline.toLocalDateTime(round.lastIssued), round.inserted, round.updated);
  }

  /** The newest last_updated over the eleven tables. */
  static LocalDateTime maxLastUpdated(Connection c) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT max(m) FROM (");
    for (TotesysTable t : TotesysTable.values()) {
      sql.append(t.ordinal() == 0 ? "" : " UNION ALL ")
          .append("SELECT max(last_updated) AS m FROM ")
          .append(t.sqlName());
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql.append(") x").toString())) {
      rs.next();
      LocalDateTime max = rs.getObject(1, LocalDateTime.class);
      if (max == null) {
        throw new IllegalStateException("totesys is empty: seed it before a change round");
      }
      return max;
    }
  }

  private void payOldestUnpaid(int count) throws SQLException {
    List<Integer> ids =
        ints("SELECT payment_id FROM payment WHERE NOT paid ORDER BY payment_id LIMIT ?", count);
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE payment SET paid = true, last_updated = ? WHERE payment_id = ?")) {
      for (int id : ids) {
        ps.setObject(1, Timeline.toLocalDateTime(tick()));
        ps.setInt(2, id);
        ps.executeUpdate();
        updated.get("payment").add(id);
      }
    }
  }

  private void updateOneSalesOrder() throws SQLException {
    int max = ints("SELECT coalesce(max(sales_order_id), 0) FROM sales_order").get(0);
    if (max == 0) {
      return;
    }
    int id =
        ints(
                "SELECT min(sales_order_id) FROM sales_order WHERE sales_order_id >= ?",
                1 + r.nextInt(max))
            .get(0);
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE sales_order SET units_sold = units_sold + ?, last_updated = ? WHERE"
                + " sales_order_id = ?")) {
      ps.setInt(1, 1 + r.nextInt(500));
      ps.setObject(2, Timeline.toLocalDateTime(tick()));
      ps.setInt(3, id);
      ps.executeUpdate();
    }
    updated.get("sales_order").add(id);
  }

  private void changeOneLegalAddress() throws SQLException {
    List<Integer> legal = ints("SELECT DISTINCT legal_address_id FROM counterparty ORDER BY 1");
    int id = legal.get(r.nextInt(legal.size()));
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE address SET phone = ?, last_updated = ? WHERE address_id = ? AND phone <> ?")) {
      String phone = OrderValues.phone(r);
      ps.setString(1, phone);
      ps.setObject(2, Timeline.toLocalDateTime(tick()));
      ps.setInt(3, id);
      ps.setString(4, phone);
      if (ps.executeUpdate() == 1) {
        updated.get("address").add(id);
      }
    }
  }

  private void renameOneStaffedDepartment() throws SQLException {
    List<Integer> staffed = ints("SELECT DISTINCT department_id FROM staff ORDER BY 1");
    int id = staffed.get(r.nextInt(staffed.size()));
    List<String> names = ReferenceData.DEPARTMENT_RENAMES;
    String name = names.get(r.nextInt(names.size()));
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE department SET department_name = CASE WHEN department_name = ? THEN ? ELSE ?"
                + " END, last_updated = ? WHERE department_id = ?")) {
      ps.setString(1, name);
      ps.setString(2, name + " (renamed)");
      ps.setString(3, name);
      ps.setObject(4, Timeline.toLocalDateTime(tick()));
      ps.setInt(5, id);
      ps.executeUpdate();
    }
    updated.get("department").add(id);
  }

  /** The next write instant: strictly later than every earlier one and than {@code since}. */
  private long tick() {
    lastIssued = clock;
    clock += 1_000L * (1 + r.nextInt(60)) + r.nextInt(1000);
    return lastIssued;
  }

  private List<Integer> ints(String sql, Object... params) throws SQLException {
    return OrderInserter.ints(c, sql, params);
  }
}
