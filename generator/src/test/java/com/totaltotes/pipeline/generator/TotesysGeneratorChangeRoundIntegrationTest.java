package com.totaltotes.pipeline.generator;

import static com.totaltotes.pipeline.generator.TestDatabases.checksum;
import static com.totaltotes.pipeline.generator.TestDatabases.count;
import static com.totaltotes.pipeline.generator.TestDatabases.rowHashes;
import static com.totaltotes.pipeline.generator.TestDatabases.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Each test gets a freshly seeded database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TotesysGeneratorChangeRoundIntegrationTest {

  private static final int ORDERS = 2_000;
  private static final long SEED = 7L;

  private final TotesysGenerator generator = new TotesysGenerator();
  private EmbeddedPostgres postgres;
  private TestDatabases databases;
  private Connection db;

  @BeforeAll
  void startPostgres() throws IOException {
    postgres = EmbeddedPostgres.builder().start();
    databases = new TestDatabases(postgres);
  }

  @AfterAll
  void stopPostgres() throws IOException {
    postgres.close();
  }

  @BeforeEach
  void seedFreshDatabase() throws SQLException {
    db = databases.newDatabase();
    generator.seed(db, ORDERS, SEED);
  }

  @AfterEach
  void closeDatabase() throws SQLException {
    db.close();
  }

  @Test
  void changesExactlyTheRowsItsSummaryNames() throws SQLException {
    Map<TotesysTable, Map<Integer, String>> before = snapshot(db);

    ChangeSummary round = generator.changeRound(db, 1L);

    for (TotesysTable t : TotesysTable.values()) {
      Map<Integer, String> old = before.get(t);
      Map<Integer, String> now = rowHashes(db, t);
      Set<Integer> added = new HashSet<>(now.keySet());
      added.removeAll(old.keySet());
      List<Integer> changed = new ArrayList<>();
      old.forEach(
          (id, hash) -> {
            if (!hash.equals(now.get(id))) {
              changed.add(id);
            }
          });
      assertThat(added)
          .as("inserted into %s", t.tableName())
          .containsExactlyInAnyOrderElementsOf(round.insertedIds().get(t.tableName()));
      assertThat(changed)
          .as("updated in %s", t.tableName())
          .containsExactlyInAnyOrderElementsOf(round.updatedIds().get(t.tableName()));
    }
  }

  @Test
  void doesTheDocumentedKindsOfChange() throws SQLException {
    ChangeSummary round = generator.changeRound(db, 1L);

    assertThat(round.inserted("sales_order")).isBetween(2L, 5L);
    assertThat(round.inserted("purchase_order")).isBetween(1L, 2L);
    assertThat(round.inserted("transaction"))
        .isEqualTo(round.inserted("sales_order") + round.inserted("purchase_order"));
    assertThat(round.inserted("payment")).isEqualTo(round.inserted("transaction"));
    assertThat(round.paidPaymentIds()).hasSizeBetween(2, 5);
    assertThat(round.updated("sales_order")).isOne();
    assertThat(round.updated("address")).isOne();
    assertThat(round.updated("department")).isOne();
    for (String untouched :
        new String[] {
          "counterparty",
          "currency",
          "design",
          "staff",
          "payment_type",
          "purchase_order",
          "transaction"
        }) {
      assertThat(round.updated(untouched)).as("updated %s", untouched).isZero();
    }
  }

  @Test
  void changedRowsAreNewerThanEveryUnchangedRow() throws SQLException {
    ChangeSummary round = generator.changeRound(db, 1L);

    for (TotesysTable t : TotesysTable.values()) {
      Set<Integer> touched = new HashSet<>(round.insertedIds().get(t.tableName()));
      touched.addAll(round.updatedIds().get(t.tableName()));
      String ids =
          touched.isEmpty()
              ? "0"
              : String.join(",", touched.stream().map(String::valueOf).toList());
      String inTouched = t.idColumn() + " IN (" + ids + ")";
      assertThat(
              count(
                  db,
                  "SELECT count(*) FROM "
                      + t.sqlName()
                      + " WHERE "
                      + inTouched
                      + " AND last_updated <= '"
                      + round.previousMaxLastUpdated()
                      + "'"))
          .as("%s rows changed but not newer", t.tableName())
          .isZero();
      assertThat(
              count(
                  db,
                  "SELECT count(*) FROM "
                      + t.sqlName()
                      + " WHERE NOT "
                      + inTouched
                      + " AND last_updated > '"
                      + round.previousMaxLastUpdated()
                      + "'"))
          .as("%s rows newer but not in the summary", t.tableName())
          .isZero();
    }
    assertThat(round.maxLastUpdated()).isAfter(round.previousMaxLastUpdated());
    assertThat(ChangeRound.maxLastUpdated(db)).isEqualTo(round.maxLastUpdated());
  }

  @Test
  void paidPaymentsWereUnpaidAndAreNowPaid() throws SQLException {
    ChangeSummary round = generator.changeRound(db, 1L);
    String ids = String.join(",", round.paidPaymentIds().stream().map(String::valueOf).toList());

    assertThat(count(db, "SELECT count(*) FROM payment WHERE payment_id IN (" + ids + ") AND paid"))
        .isEqualTo(round.paidPaymentIds().size());
    assertThat(
            count(
                db,
                "SELECT count(*) FROM payment WHERE NOT paid AND payment_id < "
                    + round.paidPaymentIds().get(round.paidPaymentIds().size() - 1)))
        .as("the oldest unpaid payments are the ones paid")
        .isZero();
  }

  @Test
  void newOrdersHaveATransactionAndAnUnpaidPayment() throws SQLException {
    ChangeSummary round = generator.changeRound(db, 1L);

    for (int id : round.insertedIds().get("sales_order")) {
      assertThat(
              count(
                  db,
                  "SELECT count(*) FROM \"transaction\" t JOIN payment p USING "
                      + "(transaction_id) WHERE t.sales_order_id = "
                      + id
                      + " AND t.transaction_type = 'SALE' "
                      + "AND NOT p.paid AND p.created_at = t.created_at"))
          .as("sales order %d", id)
          .isOne();
    }
    for (int id : round.insertedIds().get("purchase_order")) {
      assertThat(
              count(
                  db,
                  "SELECT count(*) FROM \"transaction\" t JOIN payment p USING "
                      + "(transaction_id) WHERE t.purchase_order_id = "
                      + id
                      + " AND NOT p.paid "
                      + "AND t.transaction_type = 'PURCHASE'"))
          .as("purchase order %d", id)
          .isOne();
    }
    assertThat(
            count(
                db,
                "SELECT count(*) FROM \"transaction\" t WHERE (SELECT count(*) FROM "
                    + "payment p WHERE p.transaction_id = t.transaction_id) <> 1"))
        .isZero();
  }

  @Test
  void changedAddressIsALegalAddressAndRenamedDepartmentHasStaff() throws SQLException {
    String nameBefore =
        string(
            db,
            "SELECT string_agg(department_name, ',' ORDER BY department_id) " + "FROM department");

    ChangeSummary round = generator.changeRound(db, 1L);

    assertThat(
            count(
                db,
                "SELECT count(*) FROM counterparty WHERE legal_address_id = "
                    + round.changedAddressId()))
        .isPositive();
    assertThat(
            count(
                db,
                "SELECT count(*) FROM staff WHERE department_id = " + round.renamedDepartmentId()))
        .isPositive();
    assertThat(
            string(
                db,
                "SELECT string_agg(department_name, ',' ORDER BY department_id) "
                    + "FROM department"))
        .isNotEqualTo(nameBefore);
  }

  @Test
  void sequencesFollowTheInsertedIds() throws SQLException {
    ChangeSummary round = generator.changeRound(db, 1L);

    List<Integer> sales = round.insertedIds().get("sales_order");
    assertThat(
            count(
                db,
                "SELECT last_value FROM pg_sequences WHERE sequencename = "
                    + "'sales_order_sales_order_id_seq'"))
        .isEqualTo(sales.get(sales.size() - 1).longValue());
    assertThat(sales.get(0)).isEqualTo(ORDERS + 1);
  }

  @Test
  void sameRoundOnEqualDatabasesGivesEqualDatabases() throws SQLException {
    try (Connection twin = databases.newDatabase()) {
      generator.seed(twin, ORDERS, SEED);

      ChangeSummary mine = generator.changeRound(db, 1L);
      ChangeSummary theirs = generator.changeRound(twin, 1L);

      assertThat(theirs).isEqualTo(mine);
      for (TotesysTable t : TotesysTable.values()) {
        assertThat(checksum(twin, t)).as(t.tableName()).isEqualTo(checksum(db, t));
      }
    }
  }

  @Test
  void secondRoundStartsWhereTheFirstEnded() {
    ChangeSummary first = generator.changeRound(db, 1L);
    ChangeSummary second = generator.changeRound(db, 1L);

    assertThat(second.previousMaxLastUpdated()).isEqualTo(first.maxLastUpdated());
    assertThat(second.maxLastUpdated()).isAfter(first.maxLastUpdated());
    assertThat(second.insertedIds().get("sales_order"))
        .doesNotContainAnyElementsOf(first.insertedIds().get("sales_order"));
  }

  @Test
  void roundOnAnEmptyTotesysFails() throws SQLException {
    try (Connection empty = databases.newDatabase()) {
      TotesysSchema.create(empty);

      assertThatThrownBy(() -> generator.changeRound(empty, 1L))
          .isInstanceOf(GeneratorException.class)
          .hasMessageContaining("seed it before a change round");
    }
  }

  private static Map<TotesysTable, Map<Integer, String>> snapshot(Connection c)
      throws SQLException {
    Map<TotesysTable, Map<Integer, String>> all = new java.util.EnumMap<>(TotesysTable.class);
    for (TotesysTable t : TotesysTable.values()) {
      all.put(t, rowHashes(c, t));
    }
    return all;
  }
}
