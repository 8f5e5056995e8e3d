package com.totaltotes.pipeline.generator;

/**
 * One business event of the seed: an order (sales or purchase) with its transaction and its
 * payment. {@code transactionId} is also the payment id; times are epoch milliseconds (UTC wall
 * clock) and dates epoch days.
 */
record OrderEvent(
    int transactionId, boolean sale, int orderId, long createdAt, Order order, Payment payment) {

  /**
   * The order row. {@code designId} is 0 and {@code itemCode} null for a purchase order; {@code
   * quantity} is units_sold or item_quantity, {@code unitPriceCents} unit_price or item_unit_price.
   */
  record Order(
      long lastUpdated,
      int designId,
      int staffId,
      int counterpartyId,
      String itemCode,
      int quantity,
      long unitPriceCents,
      int currencyId,
      long agreedDeliveryDay,
      long agreedPaymentDay,
      int deliveryLocationId) {}

  /** The payment row (counterparty and currency are the order's). */
  record Payment(
      long amountCents,
      int paymentTypeId,
      boolean paid,
      long paymentDay,
      int companyAcNumber,
      int counterpartyAcNumber,
      long lastUpdated) {}
}
