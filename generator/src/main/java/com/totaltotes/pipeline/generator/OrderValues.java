package com.totaltotes.pipeline.generator;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Value rules shared by the seed and the change rounds, so new orders look like seeded ones. Pure
 * functions of the random source they are given.
 */
final class OrderValues {

  /** The largest {@code numeric(10,2)} value, in cents: 99999999.99. */
  static final long MAX_CENTS = 9_999_999_999L;

  private static final char[] ITEM_CODE_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

  private OrderValues() {}

  /** units_sold: 1,000 to 100,000 as in the real data. */
  static int unitsSold(SplittableRandom r) {
    return 1_000 + r.nextInt(99_001);
  }

  /** unit_price in cents: 2.00 to 4.99. */
  static long unitPriceCents(SplittableRandom r) {
    return 200 + r.nextInt(300);
  }

  /** item_quantity: 1 to 1,000. */
  static int itemQuantity(SplittableRandom r) {
    return 1 + r.nextInt(1_000);
  }

  /** item_unit_price in cents: 1.00 to 1,000.00. */
  static long itemUnitPriceCents(SplittableRandom r) {
    return 100 + r.nextInt(99_901);
  }

  /** An item code like {@code ZDOI5EA}. */
  static String itemCode(SplittableRandom r) {
    char[] code = new char[7];
    for (int i = 0; i < code.length; i++) {
      code[i] = ITEM_CODE_CHARS[r.nextInt(ITEM_CODE_CHARS.length)];
    }
    return new String(code);
  }

  /** Days from creation to the agreed delivery date: 0 to 6. */
  static int deliveryLeadDays(SplittableRandom r) {
    return r.nextInt(7);
  }

  /** Days from creation to the agreed payment date: 1 to 60. */
  static int paymentLeadDays(SplittableRandom r) {
    return 1 + r.nextInt(60);
  }

  /** An eight-digit account number. */
  static int accountNumber(SplittableRandom r) {
    return 10_000_000 + r.nextInt(90_000_000);
  }

  /** A 0-based currency index weighted towards the first (GBP 60%, then 20, 15, 5...). */
  static int currencyIndex(SplittableRandom r, int currencies) {
    int p = r.nextInt(100);
    int index = p < 60 ? 0 : p < 80 ? 1 : p < 95 ? 2 : 3;
    return Math.min(index, currencies - 1);
  }

  /** quantity x price, capped at the column's maximum. */
  static long amountCents(long quantity, long unitPriceCents) {
    return Math.min(MAX_CENTS, Math.multiplyExact(quantity, unitPriceCents));
  }

  /** A phone number like {@code 0161 496 0342}. */
  static String phone(SplittableRandom r) {
    return String.format(
        Locale.ROOT, "0%d %03d %04d", 100 + r.nextInt(900), r.nextInt(1000), r.nextInt(10_000));
  }

  /** A 64-bit mix (Stafford variant 13) used to derive independent per-row seeds. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
