package com.totaltotes.pipeline.source;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The eleven totesys business tables: the fixed allow-list of everything the pipeline reads.
 * Anything else in the source database (e.g. {@code _prisma_migrations}) is ignored. Each table
 * states the columns the pipeline needs (its contract with totesys, checked before every extract)
 * and the columns it knows but does not need.
 */
public enum SourceTable {
  ADDRESS(
      "address_id",
      "address_line_1 TEXT, address_line_2 TEXT, district TEXT, city TEXT, postal_code TEXT,"
          + " country TEXT, phone TEXT",
      "created_at"),
  COUNTERPARTY(
      "counterparty_id",
      "counterparty_legal_name TEXT, legal_address_id INTEGER",
      "commercial_contact, delivery_contact, created_at"),
  CURRENCY("currency_id", "currency_code TEXT", "created_at"),
  DEPARTMENT("department_id", "department_name TEXT, location TEXT", "manager, created_at"),
  DESIGN("design_id", "design_name TEXT, file_location TEXT, file_name TEXT", "created_at"),
  STAFF(
      "staff_id",
      "first_name TEXT, last_name TEXT, department_id INTEGER, email_address TEXT",
      "created_at"),
  PAYMENT_TYPE("payment_type_id", "payment_type_name TEXT", "created_at"),
  SALES_ORDER(
      "sales_order_id",
      "design_id INTEGER, staff_id INTEGER, counterparty_id INTEGER, units_sold INTEGER, unit_price"
          + " NUMERIC, currency_id INTEGER, agreed_delivery_date TEXT, agreed_payment_date TEXT,"
          + " agreed_delivery_location_id INTEGER, created_at TIMESTAMP",
      ""),
  PURCHASE_ORDER(
      "purchase_order_id",
      "staff_id INTEGER, counterparty_id INTEGER, item_code TEXT, item_quantity INTEGER,"
          + " item_unit_price NUMERIC, currency_id INTEGER, agreed_delivery_date TEXT,"
          + " agreed_payment_date TEXT, agreed_delivery_location_id INTEGER, created_at TIMESTAMP",
      ""),
  TRANSACTION(
      "transaction_id",
      "transaction_type TEXT, sales_order_id INTEGER, purchase_order_id INTEGER",
      "created_at"),
  PAYMENT(
      "payment_id",
      "transaction_id INTEGER, counterparty_id INTEGER, payment_amount NUMERIC, currency_id"
          + " INTEGER, payment_type_id INTEGER, paid BOOLEAN, payment_date TEXT, created_at"
          + " TIMESTAMP",
      "company_ac_number, counterparty_ac_number");

  private final String idColumn;
  private final Map<String, SourceType> needed;
  private final Set<String> unneeded;

  /**
   * @param needed the columns the warehouse is built from, besides the id and last_updated, each
   *     with its type family
   * @param unneeded the other columns totesys has today, which the pipeline extracts but does not
   *     use: they may change or go with nothing but a warning
   */
  SourceTable(String idColumn, String needed, String unneeded) {
    this.idColumn = idColumn;
    Map<String, SourceType> columns = new LinkedHashMap<>();
    columns.put(idColumn, SourceType.INTEGER);
    for (String column : needed.split(",")) {
      String[] nameAndType = column.trim().split(" ");
      columns.put(nameAndType[0], SourceType.valueOf(nameAndType[1]));
    }
    columns.put("last_updated", SourceType.TIMESTAMP);
    this.needed = Collections.unmodifiableMap(columns);
    Set<String> rest = new LinkedHashSet<>();
    for (String column : unneeded.split(",")) {
      if (!column.isBlank()) {
        rest.add(column.trim());
      }
    }
    this.unneeded = Collections.unmodifiableSet(rest);
  }

  /** The columns the pipeline needs, with their type families, in a fixed order. */
  public Map<String, SourceType> neededColumns() {
    return needed;
  }

  /** Columns totesys has that the pipeline extracts but does not need. */
  public Set<String> unneededColumns() {
    return unneeded;
  }

  /** The table's name in totesys, e.g. {@code sales_order}. */
  public String tableName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The primary key column, e.g. {@code sales_order_id}. */
  public String idColumn() {
    return idColumn;
  }

  /**
   * The tables this one references (totesys' foreign keys), derived from its needed columns: a
   * column named like another table's id ({@code staff_id}) references that table, and the two
   * address columns that are not named so ({@code legal_address_id}, {@code
   * agreed_delivery_location_id}) reference address.
   */
  public Set<SourceTable> references() {
    Set<SourceTable> referenced = java.util.EnumSet.noneOf(SourceTable.class);
    for (String column : needed.keySet()) {
      if (column.equals(idColumn)) {
        continue;
      }
      if (column.equals("legal_address_id") || column.equals("agreed_delivery_location_id")) {
        referenced.add(ADDRESS);
      }
      for (SourceTable other : values()) {
        if (other != this && other.idColumn.equals(column)) {
          referenced.add(other);
        }
      }
    }
    return Collections.unmodifiableSet(referenced);
  }

  /**
   * Every table after the tables it references: by depth in the foreign-key graph (tables that
   * reference nothing first), then in declaration order.
   */
  public static java.util.List<SourceTable> referencedFirst() {
    Map<SourceTable, Integer> depth = new java.util.EnumMap<>(SourceTable.class);
    for (SourceTable t : values()) {
      depthOf(t, depth);
    }
    return Arrays.stream(values()).sorted(java.util.Comparator.comparing(depth::get)).toList();
  }

  private static int depthOf(SourceTable table, Map<SourceTable, Integer> depth) {
    Integer known = depth.get(table);
    if (known != null) {
      return known;
    }
    int d = 0;
    for (SourceTable r : table.references()) {
      d = Math.max(d, depthOf(r, depth) + 1);
    }
    depth.put(table, d);
    return d;
  }

  public static Optional<SourceTable> byName(String name) {
    return Arrays.stream(values()).filter(t -> t.tableName().equals(name)).findFirst();
  }
}
