package com.totaltotes.pipeline.load;

import static com.totaltotes.pipeline.warehouse.WarehouseTable.DIM_COUNTERPARTY;
import static com.totaltotes.pipeline.warehouse.WarehouseTable.DIM_CURRENCY;
import static com.totaltotes.pipeline.warehouse.WarehouseTable.DIM_DESIGN;
import static com.totaltotes.pipeline.warehouse.WarehouseTable.DIM_LOCATION;
import static com.totaltotes.pipeline.warehouse.WarehouseTable.DIM_PAYMENT_TYPE;
import static com.totaltotes.pipeline.warehouse.WarehouseTable.DIM_STAFF;
import static com.totaltotes.pipeline.warehouse.WarehouseTable.DIM_TRANSACTION;
import static com.totaltotes.pipeline.warehouse.WarehouseTable.FACT_PAYMENT;
import static com.totaltotes.pipeline.warehouse.WarehouseTable.FACT_PURCHASE_ORDER;
import static com.totaltotes.pipeline.warehouse.WarehouseTable.FACT_SALES_ORDER;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;

/**
 * Small hand-made processed runs covering all 11 tables, with the awkward values: the largest and
 * smallest money, a time one millisecond before midnight, NULL address lines, quotes, tabs,
 * newlines, backslashes and non-Latin text.
 */
final class SampleRows {
  static final LocalDate NOV_3 = LocalDate.of(2022, 11, 3);
  static final LocalDate NOV_7 = LocalDate.of(2022, 11, 7);
  static final LocalDate NOV_10 = LocalDate.of(2022, 11, 10);
  static final LocalDate LEAP_DAY = LocalDate.of(2024, 2, 29);
  static final LocalDate DEC_31 = LocalDate.of(2024, 12, 31);
  static final LocalTime T_1420 = LocalTime.parse("14:20:51.563");
  static final LocalTime LAST_MS = LocalTime.parse("23:59:59.999");
  static final LocalTime MIDNIGHT = LocalTime.MIDNIGHT;
  static final BigDecimal MAX = new BigDecimal("99999999.99");
  static final BigDecimal CENT = new BigDecimal("0.01");
  static final BigDecimal TEN_PENCE = new BigDecimal("0.10");

  /** Every character COPY's text format must escape, plus quotes and Unicode. */
  static final String AWKWARD = "Flat 2\t\"B\" O'Neil\\rear\nline two\r\n Zoë 東京 🎋";

  private SampleRows() {}

  /** Run 1: every dimension and fact table has rows. */
  static RunRows first() {
    return new RunRows()
        .dates(NOV_3, NOV_7, NOV_10, LEAP_DAY, DEC_31)
        .add(
            DIM_STAFF,
            1,
            "Jeremie",
            "Franey",
            "Purchasing",
            "Manchester",
            "jeremie.franey@terrifictotes.com")
        .add(
            DIM_STAFF,
            2,
            "Zoë",
            "O'Brien \"Bree\"",
            "Sales",
            "Unknown",
            "zoe.obrien@terrifictotes.com")
        .add(
            DIM_LOCATION,
            1,
            "6826 Herzog Via",
            null,
            null,
            "New Patienceburgh",
            "28441",
            "Turkey",
            "1803 637401")
        .add(
            DIM_LOCATION,
            2,
            "179 Alexie Cliffs",
            AWKWARD,
            "Avon",
            "Ústí nad Labem",
            "99305-7380",
            "Czechia",
            "9621 880720")
        .add(DIM_CURRENCY, 1, "GBP", "British Pound")
        .add(DIM_CURRENCY, 2, "USD", "US Dollar")
        .add(DIM_CURRENCY, 3, "EUR", "Euro")
        .add(DIM_DESIGN, 1, "Wooden", "/usr", "wooden-20220717-npgz3hb4.json")
        .add(DIM_DESIGN, 2, "Bamboo 🎋", "/private/var", "bamboo \\ \"quoted\".json")
        .add(
            DIM_COUNTERPARTY,
            1,
            "Fahey and Sons",
            "6826 Herzog Via",
            null,
            null,
            "New Patienceburgh",
            "28441",
            "Turkey",
            "1803 637401")
        .add(
            DIM_COUNTERPARTY,
            2,
            "O'Keefe, Smith & \"Co\"",
            "179 Alexie Cliffs",
            AWKWARD,
            "Avon",
            "Ústí nad Labem",
            "99305-7380",
            "Czechia",
            "9621 880720")
        .add(DIM_PAYMENT_TYPE, 1, "SALES_RECEIPT")
        .add(DIM_PAYMENT_TYPE, 2, "SALES_REFUND")
        .add(DIM_PAYMENT_TYPE, 3, "PURCHASE_PAYMENT")
        .add(DIM_PAYMENT_TYPE, 4, "PURCHASE_REFUND")
        .add(DIM_TRANSACTION, 1, "SALE", 1, null)
        .add(DIM_TRANSACTION, 2, "PURCHASE", null, 1)
        .add(
            FACT_SALES_ORDER,
            1,
            NOV_3,
            T_1420,
            NOV_3,
            T_1420,
            1,
            1,
            100,
            MAX,
            1,
            1,
            NOV_7,
            NOV_10,
            1)
        .add(
            FACT_SALES_ORDER,
            2,
            LEAP_DAY,
            MIDNIGHT,
            DEC_31,
            LAST_MS,
            2,
            2,
            1,
            CENT,
            3,
            2,
            DEC_31,
            LEAP_DAY,
            2)
        .add(
            FACT_PURCHASE_ORDER,
            1,
            NOV_3,
            T_1420,
            NOV_3,
            T_1420,
            1,
            2,
            "ZDOI5EA",
            42,
            TEN_PENCE,
            2,
            NOV_10,
            NOV_7,
            2)
        .add(FACT_PAYMENT, 1, NOV_3, T_1420, NOV_3, T_1420, 1, 1, MAX, 1, 1, false, NOV_7)
        .add(FACT_PAYMENT, 2, NOV_3, LAST_MS, NOV_3, LAST_MS, 2, 2, CENT, 2, 3, true, NOV_10);
  }
}
