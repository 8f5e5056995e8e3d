package com.totaltotes.pipeline.warehouse;

import static com.totaltotes.pipeline.warehouse.Column.notNull;
import static com.totaltotes.pipeline.warehouse.Column.nullable;
import static com.totaltotes.pipeline.warehouse.ColumnType.BOOLEAN;
import static com.totaltotes.pipeline.warehouse.ColumnType.DATE;
import static com.totaltotes.pipeline.warehouse.ColumnType.DECIMAL_10_2;
import static com.totaltotes.pipeline.warehouse.ColumnType.INT;
import static com.totaltotes.pipeline.warehouse.ColumnType.TEXT;
import static com.totaltotes.pipeline.warehouse.ColumnType.TIME_MILLIS;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The eleven tables of the warehouse star schema (docs/CONTRACT.md, Warehouse), declared in load
 * order: dimensions before the facts that reference them. This enum is the only source of SQL
 * identifiers for the loader, and the column list the transform writes to Parquet; the Flyway
 * migration {@code V1__warehouse_schema.sql} declares the same names, types and nullability.
 *
 * <p>{@link #columns()} excludes the facts' serial surrogate keys ({@link #surrogateKey()}): the
 * warehouse assigns them, nothing writes them.
 */
public enum WarehouseTable {
  DIM_DATE(
      "dim_date",
      notNull("date_id", DATE),
      notNull("year", INT),
      notNull("month", INT),
      notNull("day", INT),
      notNull("day_of_week", INT),
      notNull("day_name", TEXT),
      notNull("month_name", TEXT),
      notNull("quarter", INT)),
  DIM_STAFF(
      "dim_staff",
      notNull("staff_id", INT),
      notNull("first_name", TEXT),
      notNull("last_name", TEXT),
      notNull("department_name", TEXT),
      notNull("location", TEXT),
      notNull("email_address", TEXT)),
  DIM_LOCATION(
      "dim_location",
      notNull("location_id", INT),
      notNull("address_line_1", TEXT),
      nullable("address_line_2", TEXT),
      nullable("district", TEXT),
      notNull("city", TEXT),
      notNull("postal_code", TEXT),
      notNull("country", TEXT),
      notNull("phone", TEXT)),
  DIM_CURRENCY(
      "dim_currency",
      notNull("currency_id", INT),
      notNull("currency_code", TEXT),
      notNull("currency_name", TEXT)),
  DIM_DESIGN(
      "dim_design",
      notNull("design_id", INT),
      notNull("design_name", TEXT),
      notNull("file_location", TEXT),
      notNull("file_name", TEXT)),
  DIM_COUNTERPARTY(
      "dim_counterparty",
      notNull("counterparty_id", INT),
      notNull("counterparty_legal_name", TEXT),
      notNull("counterparty_legal_address_line_1", TEXT),
      nullable("counterparty_legal_address_line_2", TEXT),
      nullable("counterparty_legal_district", TEXT),
      notNull("counterparty_legal_city", TEXT),
      notNull("counterparty_legal_postal_code", TEXT),
      notNull("counterparty_legal_country", TEXT),
      notNull("counterparty_legal_phone_number", TEXT)),
  DIM_PAYMENT_TYPE(
      "dim_payment_type", notNull("payment_type_id", INT), notNull("payment_type_name", TEXT)),
  DIM_TRANSACTION(
      "dim_transaction",
      notNull("transaction_id", INT),
      notNull("transaction_type", TEXT),
      nullable("sales_order_id", INT),
      nullable("purchase_order_id", INT)),
  FACT_SALES_ORDER(
      "fact_sales_order",
      "sales_record_id",
      notNull("sales_order_id", INT),
      notNull("created_date", DATE),
      notNull("created_time", TIME_MILLIS),
      notNull("last_updated_date", DATE),
      notNull("last_updated_time", TIME_MILLIS),
      notNull("sales_staff_id", INT),
      notNull("counterparty_id", INT),
      notNull("units_sold", INT),
      notNull("unit_price", DECIMAL_10_2),
      notNull("currency_id", INT),
      notNull("design_id", INT),
      notNull("agreed_payment_date", DATE),
      notNull("agreed_delivery_date", DATE),
      notNull("agreed_delivery_location_id", INT)),
  FACT_PURCHASE_ORDER(
      "fact_purchase_order",
      "purchase_record_id",
      notNull("purchase_order_id", INT),
      notNull("created_date", DATE),
      notNull("created_time", TIME_MILLIS),
      notNull("last_updated_date", DATE),
      notNull("last_updated_time", TIME_MILLIS),
      notNull("staff_id", INT),
      notNull("counterparty_id", INT),
      notNull("item_code", TEXT),
      notNull("item_quantity", INT),
      notNull("item_unit_price", DECIMAL_10_2),
      notNull("currency_id", INT),
      notNull("agreed_delivery_date", DATE),
      notNull("agreed_payment_date", DATE),
      notNull("agreed_delivery_location_id", INT)),
  FACT_PAYMENT(
      "fact_payment",
      "payment_record_id",
      notNull("payment_id", INT),
      notNull("created_date", DATE),
      notNull("created_time", TIME_MILLIS),
      notNull("last_updated_date", DATE),
      notNull("last_updated_time", TIME_MILLIS),
      notNull("transaction_id", INT),
      notNull("counterparty_id", INT),
      notNull("payment_amount", DECIMAL_10_2),
      notNull("currency_id", INT),
      notNull("payment_type_id", INT),
      notNull("paid", BOOLEAN),
      notNull("payment_date", DATE));

  private final String tableName;
  private final String surrogateKey;
  private final List<String> key;
  private final List<Column> columns;
  private final List<String> columnNames;

  /** Column position by name: looked up for every value the transform converts. */
  private final Map<String, Integer> indexByName;

  /** A dimension: its first column is its primary key. */
  WarehouseTable(String tableName, Column... columns) {
    this(tableName, null, List.of(columns[0].name()), columns);
  }

  /** A fact: unique on its first column (the natural id) and its last-updated date and time. */
  WarehouseTable(String tableName, String surrogateKey, Column... columns) {
    this(
        tableName,
        surrogateKey,
        List.of(columns[0].name(), "last_updated_date", "last_updated_time"),
        columns);
  }

  WarehouseTable(String tableName, String surrogateKey, List<String> key, Column[] columns) {
    this.tableName = tableName;
    this.surrogateKey = surrogateKey;
    this.key = key;
    this.columns = List.of(columns);
    this.columnNames = this.columns.stream().map(Column::name).toList();
    this.indexByName =
        IntStream.range(0, columnNames.size())
            .boxed()
            .collect(Collectors.toUnmodifiableMap(columnNames::get, i -> i));
  }

  /** The table's SQL name, e.g. {@code dim_staff}. */
  public String tableName() {
    return tableName;
  }

  /**
   * The columns written to Parquet and loaded, in warehouse column order (immutable). Excludes a
   * fact's serial surrogate key.
   */
  public List<Column> columns() {
    return columns;
  }

  /** The names of {@link #columns()}, in the same order (immutable). */
  public List<String> columnNames() {
    return columnNames;
  }

  /** True for the three fact tables (append-only, one row per source version). */
  public boolean isFact() {
    return surrogateKey != null;
  }

  /**
   * The columns that identify a row: a dimension's primary key, or a fact's natural id plus {@code
   * last_updated_date} and {@code last_updated_time} (its unique constraint).
   */
  public List<String> key() {
    return key;
  }

  /** A fact's serial primary key assigned by the warehouse, e.g. {@code sales_record_id}. */
  public Optional<String> surrogateKey() {
    return Optional.ofNullable(surrogateKey);
  }

  /**
   * The column of that exact name.
   *
   * @throws IllegalArgumentException if this table has no such column
   */
  public Column column(String name) {
    return columns.get(requireIndex(name));
  }

  /**
   * The position of that column in {@link #columns()}.
   *
   * @throws IllegalArgumentException if this table has no such column
   */
  public int requireIndex(String name) {
    int index = indexOf(name);
    if (index < 0) {
      throw new IllegalArgumentException(tableName + " has no column '" + name + "'");
    }
    return index;
  }

  /** The position of that column in {@link #columns()}, or -1. */
  public int indexOf(String name) {
    Integer index = indexByName.get(name);
    return index == null ? -1 : index;
  }

  /** The table of that exact SQL name ({@code dim_staff}), or empty for any other string. */
  public static Optional<WarehouseTable> byName(String tableName) {
    return Arrays.stream(values()).filter(t -> t.tableName.equals(tableName)).findFirst();
  }
}
