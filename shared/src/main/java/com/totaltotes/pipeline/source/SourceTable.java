package com.totaltotes.pipeline.source;

import java.util.Arrays;
import java.util.Optional;

/**
 * The eleven totesys business tables: the fixed allow-list of everything the pipeline reads.
 * Anything else in the source database (e.g. {@code _prisma_migrations}) is ignored.
 */
public enum SourceTable {
  ADDRESS("address_id"),
  COUNTERPARTY("counterparty_id"),
  CURRENCY("currency_id"),
  DEPARTMENT("department_id"),
  DESIGN("design_id"),
  STAFF("staff_id"),
  PAYMENT_TYPE("payment_type_id"),
  SALES_ORDER("sales_order_id"),
  PURCHASE_ORDER("purchase_order_id"),
  TRANSACTION("transaction_id"),
  PAYMENT("payment_id");

  private final String idColumn;

  SourceTable(String idColumn) {
    this.idColumn = idColumn;
  }

  /** The table's name in totesys, e.g. {@code sales_order}. */
  public String tableName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The primary key column, e.g. {@code sales_order_id}. */
  public String idColumn() {
    return idColumn;
  }

  public static Optional<SourceTable> byName(String name) {
    return Arrays.stream(values()).filter(t -> t.tableName().equals(name)).findFirst();
  }
}
