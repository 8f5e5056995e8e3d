package com.totaltotes.pipeline.generator;

import java.util.SplittableRandom;

/**
 * Random access to the seed's order events. Event {@code k} (0-based) is transaction and payment
 * {@code k + 1}; sales and purchase orders are interleaved evenly (7 to 3) in creation order. Each
 * event draws its values from its own {@link SplittableRandom}, seeded from the seed and {@code k},
 * so every table's COPY pass can regenerate exactly the same event without holding any in memory.
 *
 * <p>A few fixed events carry the awkward values: sales orders 1 and 2 (and their payments) are
 * priced 0.01 and 99999999.99, purchase orders 1 and 2 likewise; sales order 3 was last updated at
 * 23:59:59.999 and agrees payment on the first 29 February on or after the base date.
 */
final class OrderPlan {

  private static final int SALES_RECEIPT = 1;
  private static final int SALES_REFUND = 2;
  private static final int PURCHASE_PAYMENT = 3;
  private static final int PURCHASE_REFUND = 4;
  private static final long HOUR = 3_600_000L;

  private final long seed;
  private final long salesOrders;
  private final long purchaseOrders;
  private final long total;
  private final Timeline timeline;
  private final ReferenceSizes sizes;
  private final long leapDay;

  OrderPlan(long seed, int salesOrders, Timeline timeline, ReferenceSizes sizes) {
    this.seed = seed;
    this.salesOrders = salesOrders;
    this.purchaseOrders = Math.round(salesOrders * 3 / 7.0);
    this.total = this.salesOrders + purchaseOrders;
    this.timeline = timeline;
    this.sizes = sizes;
    this.leapDay = Timeline.firstLeapDayFrom(timeline.baseMillis());
  }

  /** Number of events, i.e. of transactions and of payments. */
  long total() {
    return total;
  }

  long purchaseOrders() {
    return purchaseOrders;
  }

  /** Purchase orders placed before event {@code k} (Bresenham spread over all events). */
  private long purchasesBefore(long k) {
    return k * purchaseOrders / total;
  }

  /** Whether event {@code k} is a sale; cheap, so passes can skip the other kind. */
  boolean isSale(long k) {
    return purchasesBefore(k + 1) == purchasesBefore(k);
  }

  /** Generates event {@code k}. */
  OrderEvent event(long k) {
    SplittableRandom r =
        new SplittableRandom(OrderValues.mix64(seed ^ OrderValues.mix64(k + 0x5DEECE66DL)));
    boolean sale = isSale(k);
    int orderId = (int) (sale ? k - purchasesBefore(k) + 1 : purchasesBefore(k) + 1);

    long created = timeline.orderSlotStart(k, total) + r.nextLong(timeline.orderSlotWidth(total));
    if (r.nextInt(20) == 0) {
      created -= Math.floorMod(created, 1000L); // some clocks only keep whole seconds
    }
    long createdDay = Timeline.dayOf(created);
    int designId = sale ? 1 + r.nextInt(sizes.designs()) : 0;
    int staffId = 1 + r.nextInt(sizes.staff());
    int counterpartyId = 1 + r.nextInt(sizes.counterparties());
    String itemCode = sale ? null : OrderValues.itemCode(r);
    int quantity = sale ? OrderValues.unitsSold(r) : OrderValues.itemQuantity(r);
    long price = sale ? OrderValues.unitPriceCents(r) : OrderValues.itemUnitPriceCents(r);
    int currencyId = 1 + OrderValues.currencyIndex(r, sizes.currencies());
    long deliveryDay = createdDay + OrderValues.deliveryLeadDays(r);
    long paymentDay = createdDay + OrderValues.paymentLeadDays(r);
    int locationId = 1 + r.nextInt(sizes.addresses());
    long orderUpdated = r.nextInt(20) == 0 ? later(created, r.nextLong(1, 48 * HOUR)) : created;

    boolean refund = r.nextInt(33) == 0;
    int paymentType =
        sale
            ? (refund ? SALES_REFUND : SALES_RECEIPT)
            : (refund ? PURCHASE_REFUND : PURCHASE_PAYMENT);
    boolean paid = r.nextInt(10) != 0;
    long paymentUpdated = paid ? later(created, r.nextLong(1, 240 * HOUR)) : created;
    int companyAc = OrderValues.accountNumber(r);
    int counterpartyAc = OrderValues.accountNumber(r);

    if (orderId <= 2) {
      quantity = 1;
      price = orderId == 1 ? 1 : OrderValues.MAX_CENTS;
    }
    if (sale && orderId == 3) {
      orderUpdated = Timeline.lastMilliOfDay(created);
      paymentDay = leapDay;
    }
    long amount = OrderValues.amountCents(quantity, price);

    OrderEvent.Order order =
        new OrderEvent.Order(
            orderUpdated,
            designId,
            staffId,
            counterpartyId,
            itemCode,
            quantity,
            price,
            currencyId,
            deliveryDay,
            paymentDay,
            locationId);
    OrderEvent.Payment payment =
        new OrderEvent.Payment(
            amount, paymentType, paid, paymentDay, companyAc, counterpartyAc, paymentUpdated);
    return new OrderEvent((int) (k + 1), sale, orderId, created, order, payment);
  }

  /** {@code created + delay}, but never past the end of the timeline. */
  private long later(long created, long delay) {
    return Math.max(created, Math.min(timeline.endMillis(), created + delay));
  }
}
