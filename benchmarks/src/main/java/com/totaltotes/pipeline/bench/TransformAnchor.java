package com.totaltotes.pipeline.bench;

import com.totaltotes.pipeline.warehouse.ColumnType;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The transform's stock-tool floor: DuckDB (JDBC, in memory) reads the 11 gzipped JSON Lines files
 * of an ingest run with {@code read_json_auto} and writes the 11 star tables to Parquet ({@code
 * COPY … TO … (FORMAT parquet, COMPRESSION snappy)}, Snappy like ours) with the joins, types and
 * dim_date of our transform (docs/CONTRACT.md, Transform):
 *
 * <ul>
 *   <li>dim_location from address; dim_staff = staff ⋈ department (NULL location → {@code
 *       'Unknown'}); dim_counterparty = counterparty ⋈ its legal address; dim_currency with the
 *       English name of every ISO 4217 code the JVM knows (a VALUES table built from {@link
 *       Currency}; an unknown code keeps the code as its name); dim_design, dim_payment_type,
 *       dim_transaction column for column;
 *   <li>facts: created_at and last_updated split into DATE and TIME, money {@code DECIMAL(10,2)}
 *       parsed exactly (the reader is given the column types, so numbers never pass through
 *       DOUBLE), text dates parsed as DATE; a fact whose staff, counterparty or delivery location
 *       has no dimension row is left out (ours rejects it), checked by semi-joins on the dimension
 *       tables;
 *   <li>dim_date for every date the three facts reference (read back from their Parquet files):
 *       year, month, day, ISO day of week, English day and month names, quarter.
 * </ul>
 *
 * <p>Deviations, none of which changes a value: DuckDB writes TIME as TIME(MICROS) (it has no
 * millisecond time; the values are the same milliseconds), DECIMAL(10,2) as INT64 (ours: 5-byte
 * fixed), every column as optional; a value that does not parse fails the whole statement instead
 * of becoming a reject; it keeps no dimension state and writes no rejects, state or manifests.
 */
final class TransformAnchor {
  private final Path ingestDir;
  private final Path outDir;

  /**
   * @param ingestDir the ingest bucket's directory on disk: {@code
   *     <table>/dt=…/<run>-<part>.jsonl.gz}
   * @param outDir where {@code <warehouse table>.parquet} go
   */
  TransformAnchor(Path ingestDir, Path outDir) {
    this.ingestDir = ingestDir;
    this.outDir = outDir;
  }

  /** Writes the 11 star tables. */
  void run() throws Exception {
    Files.createDirectories(outDir);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      for (String sql : statements()) {
        s.execute(sql);
      }
    }
  }

  /** Rows of each written Parquet file, by warehouse table name (in load order). */
  Map<String, Long> rowsPerTable() throws SQLException {
    Map<String, Long> rows = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      for (WarehouseTable t : WarehouseTable.values()) {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + parquet(t.tableName()))) {
          rs.next();
          rows.put(t.tableName(), rs.getLong(1));
        }
      }
    }
    return rows;
  }

  /**
   * Rows that differ between the anchor's Parquet files and ours ({@code <table>/dt=…/*.parquet}
   * under {@code oursDir}), per table: {@code EXCEPT ALL} both ways, every column cast to the
   * warehouse type (ours' TIME(MILLIS) is read as a time with zone: cast to TIME). Zero everywhere:
   * the same rows, value for value.
   */
  Map<String, Long> differences(Path oursDir) throws SQLException {
    Map<String, Long> diff = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      for (WarehouseTable t : WarehouseTable.values()) {
        String columns =
            t.columns().stream()
                .map(col -> col.name() + "::" + duckType(col.type()))
                .collect(Collectors.joining(", "));
        String anchor = "SELECT " + columns + " FROM " + parquet(t.tableName());
        String ours =
            "SELECT "
                + columns
                + " FROM read_parquet('"
                + oursDir.resolve(t.tableName())
                + "/*/*.parquet', hive_partitioning = false)";
        try (ResultSet rs =
            s.executeQuery(
                "SELECT (SELECT count(*) FROM ("
                    + anchor
                    + " EXCEPT ALL "
                    + ours
                    + ")) + (SELECT count(*) FROM ("
                    + ours
                    + " EXCEPT ALL "
                    + anchor
                    + "))")) {
          rs.next();
          diff.put(t.tableName(), rs.getLong(1));
        }
      }
    }
    return diff;
  }

  private static String duckType(ColumnType type) {
    return switch (type) {
      case INT -> "INTEGER";
      case DECIMAL_10_2 -> "DECIMAL(10,2)";
      case DATE -> "DATE";
      case TIME_MILLIS -> "TIME";
      case BOOLEAN -> "BOOLEAN";
      case TEXT -> "VARCHAR";
    };
  }

  /** The SQL, in order. */
  List<String> statements() {
    return List.of(
        "CREATE TABLE currency_name(code VARCHAR, name VARCHAR)",
        "INSERT INTO currency_name VALUES " + currencyNames(),
        "CREATE TABLE address AS SELECT * FROM "
            + json(
                "address",
                "address_id: 'INTEGER', address_line_1: 'VARCHAR', address_line_2: 'VARCHAR',"
                    + " district: 'VARCHAR', city: 'VARCHAR', postal_code: 'VARCHAR',"
                    + " country: 'VARCHAR', phone: 'VARCHAR'"),
        "CREATE TABLE dim_location AS SELECT address_id AS location_id, address_line_1,"
            + " address_line_2, district, city, postal_code, country, phone FROM address",
        "CREATE TABLE dim_staff AS SELECT s.staff_id, s.first_name, s.last_name,"
            + " d.department_name, coalesce(d.location, 'Unknown') AS location, s.email_address"
            + " FROM "
            + json(
                "staff",
                "staff_id: 'INTEGER', first_name: 'VARCHAR', last_name: 'VARCHAR',"
                    + " department_id: 'INTEGER', email_address: 'VARCHAR'")
            + " s JOIN "
            + json(
                "department",
                "department_id: 'INTEGER', department_name: 'VARCHAR', location: 'VARCHAR'")
            + " d ON d.department_id = s.department_id",
        "CREATE TABLE dim_counterparty AS SELECT c.counterparty_id, c.counterparty_legal_name,"
            + " a.address_line_1 AS counterparty_legal_address_line_1,"
            + " a.address_line_2 AS counterparty_legal_address_line_2,"
            + " a.district AS counterparty_legal_district, a.city AS counterparty_legal_city,"
            + " a.postal_code AS counterparty_legal_postal_code,"
            + " a.country AS counterparty_legal_country,"
            + " a.phone AS counterparty_legal_phone_number FROM "
            + json(
                "counterparty",
                "counterparty_id: 'INTEGER', counterparty_legal_name: 'VARCHAR',"
                    + " legal_address_id: 'INTEGER'")
            + " c JOIN address a ON a.address_id = c.legal_address_id",
        copy("dim_location", "dim_location"),
        copy("dim_staff", "dim_staff"),
        copy("dim_counterparty", "dim_counterparty"),
        copy(
            "dim_currency",
            "(SELECT c.currency_id, c.currency_code, coalesce(n.name, c.currency_code) AS"
                + " currency_name FROM "
                + json("currency", "currency_id: 'INTEGER', currency_code: 'VARCHAR'")
                + " c LEFT JOIN currency_name n ON n.code = c.currency_code)"),
        copy(
            "dim_design",
            "(SELECT design_id, design_name, file_location, file_name FROM "
                + json(
                    "design",
                    "design_id: 'INTEGER', design_name: 'VARCHAR', file_location: 'VARCHAR',"
                        + " file_name: 'VARCHAR'")
                + ")"),
        copy(
            "dim_payment_type",
            "(SELECT payment_type_id, payment_type_name FROM "
                + json("payment_type", "payment_type_id: 'INTEGER', payment_type_name: 'VARCHAR'")
                + ")"),
        copy(
            "dim_transaction",
            "(SELECT transaction_id, transaction_type, sales_order_id, purchase_order_id FROM "
                + json(
                    "transaction",
                    "transaction_id: 'INTEGER', transaction_type: 'VARCHAR',"
                        + " sales_order_id: 'INTEGER', purchase_order_id: 'INTEGER'")
                + ")"),
        copy(
            "fact_sales_order",
            "(SELECT sales_order_id, "
                + SPLIT
                + ", staff_id AS sales_staff_id, counterparty_id, units_sold, unit_price,"
                + " currency_id, design_id, agreed_payment_date, agreed_delivery_date,"
                + " agreed_delivery_location_id FROM "
                + json(
                    "sales_order",
                    "sales_order_id: 'INTEGER', created_at: 'TIMESTAMP', last_updated:"
                        + " 'TIMESTAMP', design_id: 'INTEGER', staff_id: 'INTEGER',"
                        + " counterparty_id: 'INTEGER', units_sold: 'INTEGER', unit_price:"
                        + " 'DECIMAL(10,2)', currency_id: 'INTEGER', agreed_delivery_date: 'DATE',"
                        + " agreed_payment_date: 'DATE', agreed_delivery_location_id: 'INTEGER'")
                + " WHERE "
                + KNOWN_ORDER_REFERENCES
                + ")"),
        copy(
            "fact_purchase_order",
            "(SELECT purchase_order_id, "
                + SPLIT
                + ", staff_id, counterparty_id, item_code, item_quantity, item_unit_price,"
                + " currency_id, agreed_delivery_date, agreed_payment_date,"
                + " agreed_delivery_location_id FROM "
                + json(
                    "purchase_order",
                    "purchase_order_id: 'INTEGER', created_at: 'TIMESTAMP', last_updated:"
                        + " 'TIMESTAMP', staff_id: 'INTEGER', counterparty_id: 'INTEGER',"
                        + " item_code: 'VARCHAR', item_quantity: 'INTEGER', item_unit_price:"
                        + " 'DECIMAL(10,2)', currency_id: 'INTEGER', agreed_delivery_date: 'DATE',"
                        + " agreed_payment_date: 'DATE', agreed_delivery_location_id: 'INTEGER'")
                + " WHERE "
                + KNOWN_ORDER_REFERENCES
                + ")"),
        copy(
            "fact_payment",
            "(SELECT payment_id, "
                + SPLIT
                + ", transaction_id, counterparty_id, payment_amount, currency_id,"
                + " payment_type_id, paid, payment_date FROM "
                + json(
                    "payment",
                    "payment_id: 'INTEGER', created_at: 'TIMESTAMP', last_updated: 'TIMESTAMP',"
                        + " transaction_id: 'INTEGER', counterparty_id: 'INTEGER',"
                        + " payment_amount: 'DECIMAL(10,2)', currency_id: 'INTEGER',"
                        + " payment_type_id: 'INTEGER', paid: 'BOOLEAN', payment_date: 'DATE'")
                + " WHERE counterparty_id IN (SELECT counterparty_id FROM dim_counterparty))"),
        copy(
            "dim_date",
            "(SELECT d AS date_id, year(d)::INTEGER AS year, month(d)::INTEGER AS month,"
                + " day(d)::INTEGER AS day, isodow(d)::INTEGER AS day_of_week, dayname(d) AS"
                + " day_name, monthname(d) AS month_name, quarter(d)::INTEGER AS quarter FROM ("
                + factDates(
                    "fact_sales_order",
                    "created_date",
                    "last_updated_date",
                    "agreed_payment_date",
                    "agreed_delivery_date")
                + " UNION "
                + factDates(
                    "fact_purchase_order",
                    "created_date",
                    "last_updated_date",
                    "agreed_delivery_date",
                    "agreed_payment_date")
                + " UNION "
                + factDates("fact_payment", "created_date", "last_updated_date", "payment_date")
                + "))"));
  }

  private static final String SPLIT =
      "created_at::DATE AS created_date, created_at::TIME AS created_time,"
          + " last_updated::DATE AS last_updated_date, last_updated::TIME AS last_updated_time";

  private static final String KNOWN_ORDER_REFERENCES =
      "staff_id IN (SELECT staff_id FROM dim_staff)"
          + " AND counterparty_id IN (SELECT counterparty_id FROM dim_counterparty)"
          + " AND agreed_delivery_location_id IN (SELECT location_id FROM dim_location)";

  /** {@code read_json_auto} of every part of a source table, with the columns' types given. */
  private String json(String table, String columns) {
    return "read_json_auto('"
        + ingestDir.resolve(table)
        + "/*/*.jsonl.gz', format = 'newline_delimited', columns = {"
        + columns
        + "})";
  }

  private String copy(String table, String query) {
    return "COPY " + query + " TO " + parquet(table) + " (FORMAT parquet, COMPRESSION snappy)";
  }

  private String parquet(String table) {
    return "'" + outDir.resolve(table + ".parquet") + "'";
  }

  private String factDates(String table, String... columns) {
    return java.util.Arrays.stream(columns)
        .map(col -> "SELECT " + col + " AS d FROM " + parquet(table))
        .collect(Collectors.joining(" UNION "));
  }

  /**
   * {@code ('GBP', 'British Pound'), …}: every currency the JVM knows, as our transform names it.
   */
  private static String currencyNames() {
    return Currency.getAvailableCurrencies().stream()
        .sorted(Comparator.comparing(Currency::getCurrencyCode))
        .map(
            cur ->
                "('"
                    + cur.getCurrencyCode()
                    + "', '"
                    + cur.getDisplayName(Locale.ENGLISH).replace("'", "''")
                    + "')")
        .collect(Collectors.joining(", "));
  }
}
