package com.totaltotes.pipeline.generator;

import static com.totaltotes.pipeline.generator.TestDatabases.checksum;
import static com.totaltotes.pipeline.generator.TestDatabases.count;
import static com.totaltotes.pipeline.generator.TestDatabases.string;
import static com.totaltotes.pipeline.generator.TestDatabases.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** One database seeded in {@link #seed()} is shared by the read-only tests below. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TotesysGeneratorSeedIntegrationTest {

  private static final int ORDERS = 2_000;
  private static final long SEED = 42L;

  private EmbeddedPostgres postgres;
  private TestDatabases databases;
  private Connection seeded;
  private SeedSummary summary;

  @BeforeAll
  void seed() throws IOException, SQLException {
    postgres = EmbeddedPostgres.builder().start();
    databases = new TestDatabases(postgres);
    seeded = databases.newDatabase();
    summary = new TotesysGenerator().seed(seeded, ORDERS, SEED);
  }

  @AfterAll
  void stopPostgres() throws IOException, SQLException {
    seeded.close();
    postgres.close();
  }

  @Test
  void sameSeedGivesIdenticalTablesInAnotherDatabase() throws SQLException {
    try (Connection other = databases.newDatabase()) {
      new TotesysGenerator().seed(other, ORDERS, SEED);

      assertThat(checksums(other)).isEqualTo(checksums(seeded));
    }
  }

  @Test
  void differentSeedGivesDifferentOrderTables() throws SQLException {
    try (Connection other = databases.newDatabase()) {
      new TotesysGenerator().seed(other, ORDERS, SEED + 1);

      Map<String, String> mine = checksums(seeded);
      Map<String, String> theirs = checksums(other);
      for (String table :
          new String[] {"address", "design", "staff", "sales_order", "purchase_order", "payment"}) {
        assertThat(theirs.get(table)).as("checksum of %s", table).isNotEqualTo(mine.get(table));
      }
    }
  }

  @Test
  void everyTableHasRowsAndTheSummaryCountsThem() throws SQLException {
    for (TotesysTable t : TotesysTable.values()) {
      long rows = count(seeded, "SELECT count(*) FROM " + t.sqlName());
      assertThat(rows).as("rows in %s", t.tableName()).isPositive();
      assertThat(summary.rowsPerTable()).containsEntry(t.tableName(), rows);
    }
    assertThat(summary.rowsPerTable()).hasSize(11);
  }

  @Test
  void ordersFollowTheSevenToThreeProportion() throws SQLException {
    assertThat(count(seeded, "SELECT count(*) FROM sales_order")).isEqualTo(ORDERS);
    assertThat(count(seeded, "SELECT count(*) FROM purchase_order")).isEqualTo(857);
  }

  @Test
  void everyOrderHasExactlyOneTransactionAndEveryTransactionOnePayment() throws SQLException {
    assertThat(count(seeded, "SELECT count(*) FROM \"transaction\"")).isEqualTo(ORDERS + 857);
    assertThat(count(seeded, "SELECT count(*) FROM payment")).isEqualTo(ORDERS + 857);
    assertThat(
            count(
                seeded,
                "SELECT count(*) FROM sales_order s WHERE (SELECT count(*) FROM "
                    + "\"transaction\" t WHERE t.sales_order_id = s.sales_order_id "
                    + "AND t.transaction_type = 'SALE') <> 1"))
        .isZero();
    assertThat(
            count(
                seeded,
                "SELECT count(*) FROM purchase_order p WHERE (SELECT count(*) FROM "
                    + "\"transaction\" t WHERE t.purchase_order_id = p.purchase_order_id "
                    + "AND t.transaction_type = 'PURCHASE') <> 1"))
        .isZero();
    assertThat(
            count(
                seeded,
                "SELECT count(*) FROM \"transaction\" t WHERE (SELECT count(*) FROM "
                    + "payment p WHERE p.transaction_id = t.transaction_id) <> 1"))
        .isZero();
  }

  @Test
  void paymentsMatchTheirOrdersAndAboutOneInTenIsUnpaid() throws SQLException {
    assertThat(
            count(
                seeded,
                "SELECT count(*) FROM payment p JOIN \"transaction\" t USING (transaction_id) JOIN"
                    + " sales_order s USING (sales_order_id) WHERE p.counterparty_id <>"
                    + " s.counterparty_id OR p.currency_id <> s.currency_id"))
        .isZero();
    assertThat(count(seeded, "SELECT count(*) FROM payment WHERE NOT paid")).isBetween(140L, 430L);
    assertThat(
            strings(
                seeded,
                "SELECT DISTINCT pt.payment_type_name::text FROM payment "
                    + "JOIN payment_type pt USING (payment_type_id) ORDER BY 1"))
        .containsExactly("PURCHASE_PAYMENT", "PURCHASE_REFUND", "SALES_RECEIPT", "SALES_REFUND");
  }

  @Test
  void referenceTablesHaveRealisticSizes() throws SQLException {
    assertThat(count(seeded, "SELECT count(*) FROM payment_type")).isEqualTo(4);
    assertThat(count(seeded, "SELECT count(*) FROM currency")).isBetween(3L, 5L);
    assertThat(count(seeded, "SELECT count(*) FROM department")).isEqualTo(8);
    assertThat(count(seeded, "SELECT count(*) FROM staff")).isEqualTo(20);
    assertThat(count(seeded, "SELECT count(*) FROM address")).isEqualTo(30);
    assertThat(count(seeded, "SELECT count(*) FROM counterparty")).isEqualTo(20);
    assertThat(count(seeded, "SELECT count(*) FROM design")).isEqualTo(50);
  }

  @Test
  void extremePricesAndAmountsArePresentExactly() throws SQLException {
    for (String column :
        new String[] {
          "sales_order.unit_price", "purchase_order.item_unit_price", "payment.payment_amount"
        }) {
      String[] tc = column.split("\\.");
      assertThat(
              strings(
                  seeded,
                  "SELECT DISTINCT "
                      + tc[1]
                      + "::text FROM "
                      + tc[0]
                      + " WHERE "
                      + tc[1]
                      + " IN (0.01, 99999999.99) ORDER BY 1"))
          .as(column)
          .containsExactly("0.01", "99999999.99");
    }
  }

  @Test
  void awkwardTextSurvivesExactly() throws SQLException {
    assertThat(count(seeded, "SELECT count(*) FROM staff WHERE last_name = 'O''Brien'"))
        .isPositive();
    assertThat(count(seeded, "SELECT count(*) FROM staff WHERE first_name = 'Zoë'")).isPositive();
    assertThat(count(seeded, "SELECT count(*) FROM department WHERE manager = 'Zoë Ñandú'"))
        .isOne();
    assertThat(count(seeded, "SELECT count(*) FROM address WHERE city = '東京'")).isPositive();
    assertThat(
            count(
                seeded,
                "SELECT count(*) FROM address WHERE address_line_1 = "
                    + "E'Flat 2\\nThe Old Mill'"))
        .isOne();
    assertThat(
            count(
                seeded,
                "SELECT count(*) FROM address WHERE address_line_1 = "
                    + "E'Unit 4\\\\5 Station Approach' AND address_line_2 = '\"The Maltings\"'"))
        .isOne();
    assertThat(count(seeded, "SELECT count(*) FROM design WHERE design_name = E'Tote\\tDeluxe'"))
        .isOne();
    assertThat(
            count(
                seeded,
                "SELECT count(*) FROM design WHERE file_location = "
                    + "E'\\\\\\\\fileserver\\\\designs\\\\2022'"))
        .isOne();
    assertThat(
            count(
                seeded,
                "SELECT count(*) FROM counterparty WHERE counterparty_legal_name = "
                    + "'\"Ñandú\" Trading S.A.'"))
        .isOne();
  }

  @Test
  void optionalColumnsHoldNulls() throws SQLException {
    assertThat(count(seeded, "SELECT count(*) FROM department WHERE location IS NULL")).isOne();
    assertThat(count(seeded, "SELECT count(*) FROM department WHERE manager IS NULL")).isOne();
    assertThat(count(seeded, "SELECT count(*) FROM address WHERE address_line_2 IS NULL"))
        .isPositive();
    assertThat(count(seeded, "SELECT count(*) FROM address WHERE district IS NULL")).isPositive();
    assertThat(count(seeded, "SELECT count(*) FROM counterparty WHERE commercial_contact IS NULL"))
        .isPositive();
    assertThat(count(seeded, "SELECT count(*) FROM counterparty WHERE delivery_contact IS NULL"))
        .isPositive();
  }

  @Test
  void everyDepartmentHasStaff() throws SQLException {
    assertThat(
            count(
                seeded,
                "SELECT count(*) FROM department d WHERE NOT EXISTS "
                    + "(SELECT 1 FROM staff s WHERE s.department_id = d.department_id)"))
        .isZero();
  }

  @Test
  void textDatesAreRealCalendarDatesIncludingALeapDayAndSundays() throws SQLException {
    String dates =
        "SELECT agreed_delivery_date d FROM sales_order UNION ALL SELECT "
            + "agreed_payment_date FROM sales_order UNION ALL SELECT agreed_delivery_date FROM "
            + "purchase_order UNION ALL SELECT agreed_payment_date FROM purchase_order UNION ALL "
            + "SELECT payment_date FROM payment";
    assertThat(
            count(
                seeded,
                "SELECT count(*) FROM ("
                    + dates
                    + ") x "
                    + "WHERE d !~ '^\\d{4}-\\d{2}-\\d{2}$' OR to_char(d::date, 'YYYY-MM-DD') <> d"))
        .isZero();
    assertThat(count(seeded, "SELECT count(*) FROM (" + dates + ") x WHERE d = '2024-02-29'"))
        .isPositive();
    assertThat(
            count(
                seeded,
                "SELECT count(*) FROM ("
                    + dates
                    + ") x "
                    + "WHERE extract(isodow FROM d::date) = 7"))
        .isPositive();
  }

  @Test
  void timestampsStayInTheSpanInOrderWithMillisecondEdgeCases() throws SQLException {
    LocalDateTime end = TotesysGenerator.DEFAULT_BASE.plus(TotesysGenerator.DEFAULT_SPAN);
    String all = allTimestamps();
    assertThat(
            count(seeded, "SELECT count(*) FROM (" + all + ") x WHERE created_at > last_updated"))
        .isZero();
    assertThat(string(seeded, "SELECT min(created_at)::text FROM (" + all + ") x"))
        .isEqualTo("2022-11-03 14:20:52.186");
    assertThat(
            string(
                seeded, "SELECT (max(last_updated) <= '" + end + "')::text FROM (" + all + ") x"))
        .isEqualTo("true");
    assertThat(
            count(
                seeded,
                "SELECT count(*) FROM ("
                    + all
                    + ") x "
                    + "WHERE last_updated::time = '23:59:59.999'"))
        .isPositive();
    assertThat(
            count(
                seeded,
                "SELECT count(*) FROM ("
                    + all
                    + ") x "
                    + "WHERE date_trunc('second', created_at) = created_at"))
        .isPositive();
    assertThat(
            count(seeded, "SELECT count(*) FROM payment WHERE paid AND last_updated > created_at"))
        .isPositive();
  }

  @Test
  void sequencesContinueAfterTheLargestIds() throws SQLException {
    for (TotesysTable t : TotesysTable.values()) {
      assertThat(
              count(
                  seeded,
                  "SELECT last_value FROM pg_sequences WHERE sequencename = '"
                      + t.tableName()
                      + "_"
                      + t.idColumn()
                      + "_seq'"))
          .as("sequence of %s", t.tableName())
          .isEqualTo(count(seeded, "SELECT max(" + t.idColumn() + ") FROM " + t.sqlName()));
    }
  }

  @Test
  void foreignKeysAreBackAndTablesAreAnalysed() throws SQLException {
    assertThat(
            count(
                seeded, "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND convalidated"))
        .isEqualTo(17);
    assertThat(
            count(seeded, "SELECT reltuples::bigint FROM pg_class WHERE relname = 'sales_order'"))
        .isEqualTo(ORDERS);
  }

  @Test
  void prismaMigrationsTableIsThereWithOneRow() throws SQLException {
    assertThat(count(seeded, "SELECT count(*) FROM _prisma_migrations")).isOne();
  }

  @Test
  void anotherBaseMovesEveryTimestamp() throws SQLException {
    LocalDateTime base = LocalDateTime.parse("2031-06-30T23:10:00.001");
    try (Connection other = databases.newDatabase()) {
      new TotesysGenerator(base).seed(other, 100, SEED);

      String all = allTimestamps();
      assertThat(string(other, "SELECT min(created_at)::text FROM (" + all + ") x"))
          .isEqualTo("2031-06-30 23:10:00.001");
      assertThat(
              string(
                  other,
                  "SELECT (max(last_updated) <= '"
                      + base.plusDays(30)
                      + "')::text "
                      + "FROM ("
                      + all
                      + ") x"))
          .isEqualTo("true");
      assertThat(
              count(
                  other,
                  "SELECT count(*) FROM sales_order WHERE agreed_payment_date = " + "'2032-02-29'"))
          .isOne();
    }
  }

  @Test
  void seedingADatabaseThatHoldsTotesysFailsAndChangesNothing() throws SQLException {
    try (Connection other = databases.newDatabase()) {
      new TotesysGenerator().seed(other, 10, SEED);
      Map<String, String> before = checksums(other);

      assertThatThrownBy(() -> new TotesysGenerator().seed(other, 10, SEED))
          .isInstanceOf(GeneratorException.class)
          .hasMessageContaining("totesys schema");
      assertThat(checksums(other)).isEqualTo(before);
      assertThat(other.getAutoCommit()).isTrue();
    }
  }

  @Test
  void seedRejectsZeroOrders() {
    assertThatThrownBy(() -> new TotesysGenerator().seed(seeded, 0, SEED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("orders");
  }

  private static String allTimestamps() {
    StringBuilder sql = new StringBuilder();
    for (TotesysTable t : TotesysTable.values()) {
      sql.append(sql.length() == 0 ? "" : " UNION ALL ")
          .append("SELECT created_at, last_updated FROM ")
          .append(t.sqlName());
    }
    return sql.toString();
  }

  private static Map<String, String> checksums(Connection c) throws SQLException {
    Map<String, String> sums = new LinkedHashMap<>();
    for (TotesysTable t : TotesysTable.values()) {
      sums.put(t.tableName(), checksum(c, t));
    }
    return sums;
  }
}
