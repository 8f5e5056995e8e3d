package com.totaltotes.pipeline.generator;

/**
 * Row counts of the reference tables for a seed. Ids are dense: table {@code t} holds ids 1 to
 * {@code count(t)}.
 */
record ReferenceSizes(
    int addresses, int counterparties, int currencies, int departments, int designs, int staff) {

  static final int PAYMENT_TYPES = 4;

  ReferenceSizes {
    if (addresses < 1
        || counterparties < 1
        || currencies < 1
        || departments < 1
        || designs < 1
        || staff < 1) {
      throw new IllegalArgumentException("every reference table needs a row: " + this);
    }
  }

  /** Realistic sizes: tens of rows, designs growing mildly with the order count. */
  static ReferenceSizes forOrders(int orders) {
    return new ReferenceSizes(
        30,
        20,
        ReferenceData.CURRENCY_CODES.size(),
        ReferenceData.DEPARTMENTS.size(),
        Math.max(50, orders / 100),
        20);
  }
}
