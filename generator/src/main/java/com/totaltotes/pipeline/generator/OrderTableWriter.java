package com.totaltotes.pipeline.generator;

import com.totaltotes.pipeline.copy.CopyTextEncoder;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * Writes sales_order, purchase_order, transaction and payment with one streaming COPY pass each
 * over the {@link OrderPlan}; no table is ever held in memory.
 */
final class OrderTableWriter {

  private static final String STAMPS = "created_at, last_updated";

  private final OrderPlan plan;

  OrderTableWriter(OrderPlan plan) {
    this.plan = plan;
  }

  /** Writes the four order tables and records their row counts in {@code rows}. */
  void writeAll(Connection c, Map<String, Long> rows) throws SQLException {
    rows.put("sales_order", salesOrders(c));
    rows.put("purchase_order", purchaseOrders(c));
    rows.put("transaction", transactions(c));
    rows.put("payment", payments(c));
  }

  private long salesOrders(Connection c) throws SQLException {
    String columns =
        "sales_order_id, design_id, staff_id, counterparty_id, units_sold, unit_price, currency_id,"
            + " agreed_delivery_date, agreed_payment_date, agreed_delivery_location_id, "
            + STAMPS;
    try (CopyTextEncoder w = CopyTextEncoder.open(c, TotesysTable.SALES_ORDER.sqlName(), columns)) {
      for (long k = 0; k < plan.total(); k++) {
        if (!plan.isSale(k)) {
          continue;
        }
        OrderEvent e = plan.event(k);
        OrderEvent.Order o = e.order();
        w.integer(e.orderId())
            .integer(o.designId())
            .integer(o.staffId())
            .integer(o.counterpartyId())
            .integer(o.quantity())
            .cents(o.unitPriceCents())
            .integer(o.currencyId())
            .date(o.agreedDeliveryDay())
            .date(o.agreedPaymentDay())
            .integer(o.deliveryLocationId())
            .timestamp(e.createdAt())
            .timestamp(o.lastUpdated())
            .endRow();
      }
      return w.finish();
    }
  }

  private long purchaseOrders(Connection c) throws SQLException {
    String columns =
        "purchase_order_id, staff_id, counterparty_id, item_code, item_quantity, "
            + "item_unit_price, currency_id, agreed_delivery_date, agreed_payment_date, "
            + "agreed_delivery_location_id, "
            + STAMPS;
    try (CopyTextEncoder w =
        CopyTextEncoder.open(c, TotesysTable.PURCHASE_ORDER.sqlName(), columns)) {
      for (long k = 0; k < plan.total(); k++) {
        if (plan.isSale(k)) {
          continue;
        }
        OrderEvent e = plan.event(k);
        OrderEvent.Order o = e.order();
        w.integer(e.orderId())
            .integer(o.staffId())
            .integer(o.counterpartyId())
            .text(o.itemCode())
            .integer(o.quantity())
            .cents(o.unitPriceCents())
            .integer(o.currencyId())
            .date(o.agreedDeliveryDay())
            .date(o.agreedPaymentDay())
            .integer(o.deliveryLocationId())
            .timestamp(e.createdAt())
            .timestamp(o.lastUpdated())
            .endRow();
      }
      return w.finish();
    }
  }

  private long transactions(Connection c) throws SQLException {
    String columns =
        "transaction_id, transaction_type, sales_order_id, purchase_order_id, " + STAMPS;
    try (CopyTextEncoder w = CopyTextEncoder.open(c, TotesysTable.TRANSACTION.sqlName(), columns)) {
      for (long k = 0; k < plan.total(); k++) {
        OrderEvent e = plan.event(k);
        w.integer(e.transactionId());
        if (e.sale()) {
          w.text("SALE").integer(e.orderId()).text(null);
        } else {
          w.text("PURCHASE").text(null).integer(e.orderId());
        }
        w.timestamp(e.createdAt()).timestamp(e.createdAt()).endRow();
      }
      return w.finish();
    }
  }

  private long payments(Connection c) throws SQLException {
    String columns =
        "payment_id, transaction_id, counterparty_id, payment_amount, currency_id, "
            + "payment_type_id, paid, payment_date, company_ac_number, counterparty_ac_number, "
            + STAMPS;
    try (CopyTextEncoder w = CopyTextEncoder.open(c, TotesysTable.PAYMENT.sqlName(), columns)) {
      for (long k = 0; k < plan.total(); k++) {
        OrderEvent e = plan.event(k);
        OrderEvent.Payment p = e.payment();
        w.integer(e.transactionId())
            .integer(e.transactionId())
            .integer(e.order().counterpartyId())
            .cents(p.amountCents())
            .integer(e.order().currencyId())
            .integer(p.paymentTypeId())
            .bool(p.paid())
            .date(p.paymentDay())
            .integer(p.companyAcNumber())
            .integer(p.counterpartyAcNumber())
            .timestamp(e.createdAt())
            .timestamp(p.lastUpdated())
            .endRow();
      }
      return w.finish();
    }
  }
}
