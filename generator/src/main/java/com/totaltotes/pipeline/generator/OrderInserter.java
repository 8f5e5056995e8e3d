package com.totaltotes.pipeline.generator;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * Inserts new orders the way the OLTP application does: each order with its transaction and an
 * unpaid payment, all three created at the same instant. Ids follow the tables' largest ids and the
 * sequences are moved after them.
 */
final class OrderInserter {

  private final Connection c;
  private final SplittableRandom r;
  private final LongSupplier clock;

  /**
   * @param clock gives the instant (epoch millis, UTC wall clock) of each new order
   */
  OrderInserter(Connection c, SplittableRandom r, LongSupplier clock) {
    this.c = c;
    this.r = r;
    this.clock = clock;
  }

  /** Inserts the orders and adds the new ids, per table, to {@code inserted}. */
  void insert(int sales, int purchases, Map<String, List<Integer>> inserted) throws SQLException {
    References refs = References.load(c);
    int salesId = nextId(TotesysTable.SALES_ORDER);
    int purchaseId = nextId(TotesysTable.PURCHASE_ORDER);
    int transactionId = nextId(TotesysTable.TRANSACTION);
    int paymentId = nextId(TotesysTable.PAYMENT);
    for (int i = 0; i < sales + purchases; i++) {
      boolean sale = i < sales;
      long now = clock.getAsLong();
      NewOrder o = newOrder(refs, sale, now);
      int orderId = sale ? salesId++ : purchaseId++;
      if (sale) {
        insertSalesOrder(orderId, o);
        inserted.get("sales_order").add(orderId);
      } else {
        insertPurchaseOrder(orderId, o);
        inserted.get("purchase_order").add(orderId);
      }
      insertTransaction(transactionId, sale, orderId, o.at());
      inserted.get("transaction").add(transactionId);
      insertPayment(paymentId, transactionId, o, refs.paymentTypeId(sale));
      inserted.get("payment").add(paymentId);
      transactionId++;
      paymentId++;
    }
    try (Statement s = c.createStatement()) {
      for (TotesysTable t :
          List.of(
              TotesysTable.SALES_ORDER,
              TotesysTable.PURCHASE_ORDER,
              TotesysTable.TRANSACTION,
              TotesysTable.PAYMENT)) {
        Sequences.advance(s, t);
      }
    }
  }

  /** Values of one new order; designId is unused for a purchase, itemCode for a sale. */
  private record NewOrder(
      LocalDateTime at,
      int designId,
      int staffId,
      int counterpartyId,
      String itemCode,
      int quantity,
      long priceCents,
      int currencyId,
      String deliveryDate,
      String paymentDate,
      int locationId) {}

  private NewOrder newOrder(References refs, boolean sale, long now) {
    long day = Timeline.dayOf(now);
    return new NewOrder(
        Timeline.toLocalDateTime(now),
        pick(refs.designs()),
        pick(refs.staff()),
        pick(refs.counterparties()),
        OrderValues.itemCode(r),
        sale ? OrderValues.unitsSold(r) : OrderValues.itemQuantity(r),
        sale ? OrderValues.unitPriceCents(r) : OrderValues.itemUnitPriceCents(r),
        refs.currencies().get(OrderValues.currencyIndex(r, refs.currencies().size())),
        LocalDate.ofEpochDay(day + OrderValues.deliveryLeadDays(r)).toString(),
        LocalDate.ofEpochDay(day + OrderValues.paymentLeadDays(r)).toString(),
        pick(refs.addresses()));
  }

  private void insertSalesOrder(int id, NewOrder o) throws SQLException {
    String sql =
        "INSERT INTO sales_order (sales_order_id, design_id, staff_id, counterparty_id, units_sold,"
            + " unit_price, currency_id, agreed_delivery_date, agreed_payment_date,"
            + " agreed_delivery_location_id, created_at, last_updated) VALUES"
            + " (?,?,?,?,?,?,?,?,?,?,?,?)";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(
          ps,
          id,
          o.designId(),
          o.staffId(),
          o.counterpartyId(),
          o.quantity(),
          cents(o.priceCents()),
          o.currencyId(),
          o.deliveryDate(),
          o.paymentDate(),
          o.locationId(),
          o.at(),
          o.at());
      ps.executeUpdate();
    }
  }

  private void insertPurchaseOrder(int id, NewOrder o) throws SQLException {
    String sql =
        "INSERT INTO purchase_order (purchase_order_id, staff_id, counterparty_id, "
            + "item_code, item_quantity, item_unit_price, currency_id, agreed_delivery_date, "
            + "agreed_payment_date, agreed_delivery_location_id, created_at, last_updated) "
            + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(
          ps,
          id,
          o.staffId(),
          o.counterpartyId(),
          o.itemCode(),
          o.quantity(),
          cents(o.priceCents()),
          o.currencyId(),
          o.deliveryDate(),
          o.paymentDate(),
          o.locationId(),
          o.at(),
          o.at());
      ps.executeUpdate();
    }
  }

  private void insertTransaction(int id, boolean sale, int orderId, LocalDateTime at)
      throws SQLException {
    String sql =
        "INSERT INTO \"transaction\" (transaction_id, transaction_type, sales_order_id,"
            + " purchase_order_id, created_at, last_updated) VALUES (?, ?::\"TransactionType\", ?,"
            + " ?, ?, ?)";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(
          ps, id, sale ? "SALE" : "PURCHASE", sale ? orderId : null, sale ? null : orderId, at, at);
      ps.executeUpdate();
    }
  }

  private void insertPayment(int id, int transactionId, NewOrder o, int paymentTypeId)
      throws SQLException {
    String sql =
        "INSERT INTO payment (payment_id, transaction_id, counterparty_id, payment_amount,"
            + " currency_id, payment_type_id, paid, payment_date, company_ac_number,"
            + " counterparty_ac_number, created_at, last_updated) VALUES"
            + " (?,?,?,?,?,?,false,?,?,?,?,?)";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(
          ps,
          id,
          transactionId,
          o.counterpartyId(),
          cents(OrderValues.amountCents(o.quantity(), o.priceCents())),
          o.currencyId(),
          paymentTypeId,
          o.paymentDate(),
          OrderValues.accountNumber(r),
          OrderValues.accountNumber(r),
          o.at(),
          o.at());
      ps.executeUpdate();
    }
  }

  private int nextId(TotesysTable t) throws SQLException {
    return ints(c, "SELECT coalesce(max(" + t.idColumn() + "), 0) + 1 FROM " + t.sqlName()).get(0);
  }

  private int pick(List<Integer> ids) {
    return ids.get(r.nextInt(ids.size()));
  }

  private static BigDecimal cents(long cents) {
    return BigDecimal.valueOf(cents, 2);
  }

  private static void bind(PreparedStatement ps, Object... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        ps.setNull(i + 1, Types.INTEGER);
      } else {
        ps.setObject(i + 1, values[i]);
      }
    }
  }

  /** The first column of every row of a query over our fixed tables, as ints. */
  static List<Integer> ints(Connection c, String sql, Object... params) throws SQLException {
    List<Integer> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getInt(1));
        }
      }
    }
    return out;
  }

  /** Existing reference ids new orders may point at. */
  private record References(
      List<Integer> designs,
      List<Integer> staff,
      List<Integer> counterparties,
      List<Integer> currencies,
      List<Integer> addresses,
      int salesReceipt,
      int purchasePayment) {

    static References load(Connection c) throws SQLException {
      return new References(
          ints(c, "SELECT design_id FROM design ORDER BY 1"),
          ints(c, "SELECT staff_id FROM staff ORDER BY 1"),
          ints(c, "SELECT counterparty_id FROM counterparty ORDER BY 1"),
          ints(c, "SELECT currency_id FROM currency ORDER BY 1"),
          ints(c, "SELECT address_id FROM address ORDER BY 1"),
          typeId(c, "SALES_RECEIPT"),
          typeId(c, "PURCHASE_PAYMENT"));
    }

    private static int typeId(Connection c, String name) throws SQLException {
      return ints(
              c,
              "SELECT min(payment_type_id) FROM payment_type "
                  + "WHERE payment_type_name = ?::\"PaymentTypeName\"",
              name)
          .get(0);
    }

    int paymentTypeId(boolean sale) {
      return sale ? salesReceipt : purchasePayment;
    }
  }
}
