package com.totaltotes.pipeline.generator;

import static com.totaltotes.pipeline.generator.TestDatabases.count;
import static com.totaltotes.pipeline.generator.TestDatabases.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TotesysSchemaIntegrationTest {

  private EmbeddedPostgres postgres;
  private TestDatabases databases;

  @BeforeAll
  void startPostgres() throws IOException {
    postgres = EmbeddedPostgres.builder().start();
    databases = new TestDatabases(postgres);
  }

  @AfterAll
  void stopPostgres() throws IOException {
    postgres.close();
  }

  @Test
  void createsTheElevenTablesAndPrismaMigrations() throws SQLException {
    try (Connection c = databases.newDatabase()) {
      TotesysSchema.create(c);

      assertThat(
              strings(
                  c,
                  "SELECT table_name FROM information_schema.tables "
                      + "WHERE table_schema = 'public' ORDER BY 1"))
          .containsExactlyInAnyOrder(
              "_prisma_migrations",
              "address",
              "counterparty",
              "currency",
              "department",
              "design",
              "staff",
              "payment_type",
              "sales_order",
              "purchase_order",
              "transaction",
              "payment");
      assertThat(count(c, "SELECT count(*) FROM _prisma_migrations")).isEqualTo(1);
    }
  }

  @Test
  void everyTableHasMillisecondTimestampsWithoutZone() throws SQLException {
    try (Connection c = databases.newDatabase()) {
      TotesysSchema.create(c);

      for (TotesysTable t : TotesysTable.values()) {
        assertThat(
                strings(
                    c,
                    "SELECT column_name || ' ' || data_type || '(' || datetime_precision || ') ' ||"
                        + " is_nullable FROM information_schema.columns WHERE table_name = '"
                        + t.tableName()
                        + "' AND column_name IN ('created_at', 'last_updated') ORDER BY 1"))
            .as("timestamps of %s", t.tableName())
            .containsExactly(
                "created_at timestamp without time zone(3) NO",
                "last_updated timestamp without time zone(3) NO");
      }
    }
  }

  @Test
  void moneyIsNumericTenTwoAndCurrencyCodeThreeCharacters() throws SQLException {
    try (Connection c = databases.newDatabase()) {
      TotesysSchema.create(c);

      assertThat(
              strings(
                  c,
                  "SELECT table_name || '.' || column_name || ' ' || numeric_precision || ',' ||"
                      + " numeric_scale FROM information_schema.columns WHERE data_type = 'numeric'"
                      + " AND table_schema = 'public' ORDER BY 1"))
          .containsExactly(
              "payment.payment_amount 10,2",
              "purchase_order.item_unit_price 10,2",
              "sales_order.unit_price 10,2");
      assertThat(
              strings(
                  c,
                  "SELECT data_type || character_maximum_length FROM information_schema.columns"
                      + " WHERE column_name = 'currency_code' AND table_schema = 'public'"))
          .containsExactly("character varying3");
    }
  }

  @Test
  void enumsHaveTheSourceLabelsInOrder() throws SQLException {
    try (Connection c = databases.newDatabase()) {
      TotesysSchema.create(c);

      assertThat(strings(c, "SELECT array_to_string(enum_range(NULL::\"PaymentTypeName\"), ',')"))
          .containsExactly("SALES_RECEIPT,SALES_REFUND,PURCHASE_PAYMENT,PURCHASE_REFUND");
      assertThat(strings(c, "SELECT array_to_string(enum_range(NULL::\"TransactionType\"), ',')"))
          .containsExactly("SALE,PURCHASE");
    }
  }

  @Test
  void nullableColumnsAreExactlyThoseTheDesignMarks() throws SQLException {
    try (Connection c = databases.newDatabase()) {
      TotesysSchema.create(c);

      String tables =
          String.join(
              "','", Arrays.stream(TotesysTable.values()).map(TotesysTable::tableName).toList());
      assertThat(
              strings(
                  c,
                  "SELECT table_name || '.' || column_name FROM information_schema.columns "
                      + "WHERE is_nullable = 'YES' AND table_name IN ('"
                      + tables
                      + "') ORDER BY 1"))
          .containsExactly(
              "address.address_line_2",
              "address.district",
              "counterparty.commercial_contact",
              "counterparty.delivery_contact",
              "department.location",
              "department.manager",
              "transaction.purchase_order_id",
              "transaction.sales_order_id");
    }
  }

  @Test
  void transactionOrdersAndPaymentTransactionAreUniqueForeignKeys() throws SQLException {
    try (Connection c = databases.newDatabase()) {
      TotesysSchema.create(c);

      assertThat(count(c, "SELECT count(*) FROM pg_constraint WHERE contype = 'f'")).isEqualTo(17);
      assertThat(
              strings(
                  c,
                  "SELECT conrelid::regclass::text || ' ' || pg_get_constraintdef(oid) FROM"
                      + " pg_constraint WHERE contype = 'u' AND connamespace ="
                      + " 'public'::regnamespace ORDER BY 1"))
          .containsExactly(
              "payment UNIQUE (transaction_id)",
              "transaction UNIQUE (purchase_order_id)",
              "transaction UNIQUE (sales_order_id)");
    }
  }

  @Test
  void createFailsOnADatabaseThatHasTheSchema() throws SQLException {
    try (Connection c = databases.newDatabase()) {
      TotesysSchema.create(c);

      assertThatThrownBy(() -> TotesysSchema.create(c))
          .isInstanceOf(GeneratorException.class)
          .hasMessageContaining("creating the totesys schema failed")
          .hasCauseInstanceOf(SQLException.class);
    }
  }
}
