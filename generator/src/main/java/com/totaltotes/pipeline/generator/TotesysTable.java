package com.totaltotes.pipeline.generator;

/** The eleven totesys business tables, in load order (referenced tables first). */
enum TotesysTable {
  ADDRESS("address", "address_id"),
  COUNTERPARTY("counterparty", "counterparty_id"),
  CURRENCY("currency", "currency_id"),
  DEPARTMENT("department", "department_id"),
  DESIGN("design", "design_id"),
  STAFF("staff", "staff_id"),
  PAYMENT_TYPE("payment_type", "payment_type_id"),
  SALES_ORDER("sales_order", "sales_order_id"),
  PURCHASE_ORDER("purchase_order", "purchase_order_id"),
  TRANSACTION("transaction", "transaction_id"),
  PAYMENT("payment", "payment_id");

  private final String tableName;
  private final String idColumn;

  TotesysTable(String tableName, String idColumn) {
    this.tableName = tableName;
    this.idColumn = idColumn;
  }

  /** The table name as it appears in the database and in summaries. */
  String tableName() {
    return tableName;
  }

  /** The table name quoted for SQL ({@code transaction} is a keyword). */
  String sqlName() {
    return '"' + tableName + '"';
  }

  /** The serial primary key column. */
  String idColumn() {
    return idColumn;
  }
}
