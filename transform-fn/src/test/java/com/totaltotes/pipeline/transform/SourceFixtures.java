package com.totaltotes.pipeline.transform;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small hand-written totesys rows, as the extract writes them (exact values, text dates). */
final class SourceFixtures {
  private SourceFixtures() {}

  static Map<String, Object> row(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    m.putIfAbsent("created_at", "2022-11-03T14:20:52.186");
    m.putIfAbsent("last_updated", "2022-11-03T14:20:52.186");
    return m;
  }

  static Map<String, Object> address(int id, String line1, String phone, String updated) {
    return row(
        "address_id",
        id,
        "address_line_1",
        line1,
        "address_line_2",
        null,
        "district",
        null,
        "city",
        "Zürich",
        "postal_code",
        "8001",
        "country",
        "Switzerland",
        "phone",
        phone,
        "last_updated",
        updated);
  }

  static Map<String, Object> department(int id, String name, String location, String updated) {
    return row(
        "department_id",
        id,
        "department_name",
        name,
        "location",
        location,
        "manager",
        null,
        "last_updated",
        updated);
  }

  static Map<String, Object> staff(int id, int department) {
    return row(
        "staff_id",
        id,
        "first_name",
        "Siân",
        "last_name",
        "O'Brien",
        "department_id",
        department,
        "email_address",
        "sian.obrien@terrifictotes.com");
  }

  static Map<String, Object> counterparty(int id, int address) {
    return row(
        "counterparty_id",
        id,
        "counterparty_legal_name",
        "Fahey and Sons \"Ltd\"",
        "legal_address_id",
        address,
        "commercial_contact",
        null,
        "delivery_contact",
        "Myra Kovacek");
  }

  static Map<String, Object> salesOrder(
      int id, String lastUpdated, String price, String deliveryDate) {
    return row(
        "sales_order_id",
        id,
        "created_at",
        "2024-02-29T23:59:59.999",
        "last_updated",
        lastUpdated,
        "design_id",
        1,
        "staff_id",
        1,
        "counterparty_id",
        1,
        "units_sold",
        3,
        "unit_price",
        new BigDecimal(price),
        "currency_id",
        1,
        "agreed_delivery_date",
        deliveryDate,
        "agreed_payment_date",
        "2024-03-04",
        "agreed_delivery_location_id",
        1);
  }

  /** A complete first run: every table has rows. */
  static Map<String, List<Map<String, Object>>> firstRun() {
    Map<String, List<Map<String, Object>>> rows = new HashMap<>();
    rows.put(
        "address",
        new ArrayList<>(
            List.of(
                address(1, "6826 Herzog Via", "1803 637401", "2022-11-03T14:20:49.962"),
                address(2, "179 Alexie Cliffs", "0447 798320", "2022-11-03T14:20:49.962"))));
    rows.put(
        "department",
        new ArrayList<>(
            List.of(
                department(1, "Sales", "Manchester", "2022-11-03T14:20:49.962"),
                department(2, "Purchasing", null, "2022-11-03T14:20:49.962"))));
    rows.put("staff", new ArrayList<>(List.of(staff(1, 1), staff(2, 2))));
    rows.put("counterparty", new ArrayList<>(List.of(counterparty(1, 1), counterparty(2, 2))));
    rows.put(
        "currency",
        List.of(
            row("currency_id", 1, "currency_code", "GBP"),
            row("currency_id", 2, "currency_code", "XYZ")));
    rows.put(
        "design",
        List.of(
            row(
                "design_id",
                1,
                "design_name",
                "Wooden",
                "file_location",
                "/usr",
                "file_name",
                "wooden-20220717-npgz.json")));
    rows.put(
        "payment_type", List.of(row("payment_type_id", 1, "payment_type_name", "SALES_RECEIPT")));
    rows.put(
        "transaction",
        List.of(
            row(
                "transaction_id",
                1,
                "transaction_type",
                "SALE",
                "sales_order_id",
                1,
                "purchase_order_id",
                null)));
    rows.put(
        "sales_order",
        new ArrayList<>(
            List.of(salesOrder(1, "2024-02-29T23:59:59.999", "99999999.99", "2024-03-03"))));
    rows.put(
        "purchase_order",
        List.of(
            row(
                "purchase_order_id",
                1,
                "staff_id",
                2,
                "counterparty_id",
                2,
                "item_code",
                "ZDOI5EA",
                "item_quantity",
                371,
                "item_unit_price",
                new BigDecimal("0.01"),
                "currency_id",
                1,
                "agreed_delivery_date",
                "2022-11-09",
                "agreed_payment_date",
                "2022-11-07",
                "agreed_delivery_location_id",
                2)));
    rows.put(
        "payment",
        List.of(
            row(
                "payment_id",
                1,
                "transaction_id",
                1,
                "counterparty_id",
                1,
                "payment_amount",
                new BigDecimal("1234.50"),
                "currency_id",
                1,
                "payment_type_id",
                1,
                "paid",
                false,
                "payment_date",
                "2022-11-03",
                "company_ac_number",
                67305075,
                "counterparty_ac_number",
                31622269)));
    return rows;
  }
}
