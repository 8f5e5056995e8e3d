package com.totaltotes.pipeline.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.totaltotes.pipeline.PipelineException;
import com.totaltotes.pipeline.credentials.ConnectionSource;
import com.totaltotes.pipeline.warehouse.Column;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/** The Flyway migrations build the star schema that {@link WarehouseTable} describes. */
class WarehouseMigratorIntegrationTest {
  private static LoadTestServices services;
  private static String db;

  @BeforeAll
  static void migrateAFreshWarehouse() {
    services = LoadTestServices.start();
    db = services.newWarehouse();
    assertThat(new WarehouseMigrator(services.source(db)).migrate())
        .isEqualTo(WarehouseMigrator.MIGRATIONS.size());
  }

  @AfterAll
  static void stopServers() {
    services.close();
  }

  @Test
  void migratingAnUpToDateWarehouseAppliesNothing() {
    assertThat(new WarehouseMigrator(services.source(db)).migrate()).isZero();
  }

  @Test
  void aConnectionLostWhileFlywayChecksTheSchemaIsATransientFailure() {
    ConnectionSource fixed = services.source(db);
    ConnectionSource restarted =
        new ConnectionSource() {
          @Override
          public Connection open() {
            Connection c = fixed.open();
            // the server ends the session before Flyway uses it, as a restart or failover does
            try (Connection admin = services.connect(db);
                PreparedStatement ps =
                    admin.prepareStatement("select pg_terminate_backend(?, 10000)")) {
              ps.setInt(1, c.unwrap(PGConnection.class).getBackendPID());
              try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next() && rs.getBoolean(1)).isTrue();
              }
            } catch (SQLException e) {
              throw new IllegalStateException(e);
            }
            return c;
          }

          @Override
          public String describe() {
            return fixed.describe();
          }
        };

    assertThatThrownBy(() -> new WarehouseMigrator(restarted).migrate())
        .isInstanceOfSatisfying(
            PipelineException.class, e -> assertThat(e.permanent()).as("permanent").isFalse())
        .hasMessageStartingWith("migrating warehouse " + fixed.describe() + " failed: ");
    // the warehouse is untouched, and the next attempt, on a live session, finds it up to date
    assertThat(new WarehouseMigrator(fixed).migrate()).isZero();
  }

  @Test
  void aMigrationTheWarehouseRefusesIsAPermanentFailure() throws Exception {
    String other = services.newWarehouse();
    try (Connection c = services.connect(other);
        Statement s = c.createStatement()) {
      // a table in the way of V1, as a hand-made schema would be
      s.execute("create table dim_date (date_id date primary key)");
    }
    assertThatThrownBy(() -> new WarehouseMigrator(services.source(other)).migrate())
        .isInstanceOfSatisfying(
            PipelineException.class, e -> assertThat(e.permanent()).as("permanent").isTrue())
        .hasMessageContaining("no schema history table");
  }

  @Test
  void listedMigrationsAreExactlyTheFilesOfTheMigrationDirectory() throws Exception {
    // the source directory: the class path holds it in load-core's jar in a reactor build
    Path dir =
        com.totaltotes.pipeline.testing.sam.ProjectFiles.path(
            "load-fn/core/src/main/resources/" + WarehouseMigrator.LOCATION);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted())
          .containsExactlyElementsOf(WarehouseMigrator.MIGRATIONS);
    }
  }

  @Test
  void createsTheElevenTablesAndTheLedger() throws Exception {
    try (Connection c = services.connect(db)) {
      assertThat(
              WarehouseRows.texts(
                  c,
                  "select table_name from information_schema.tables"
                      + " where table_schema = 'public' and table_type = 'BASE TABLE'"
                      + " and table_name <> 'flyway_schema_history' order by 1"))
          .containsExactlyInAnyOrderElementsOf(
              Stream.concat(
                      Arrays.stream(WarehouseTable.values()).map(WarehouseTable::tableName),
                      Stream.of("load_ledger", "source_deletion"))
                  .toList());
      assertThat(
              WarehouseRows.texts(
                  c,
                  "select table_name from information_schema.views"
                      + " where table_schema = 'public' order by 1"))
          .containsExactly(
              "current_payment",
              "current_purchase_order",
              "current_sales_order",
              "deleted_source_row");
    }
  }

  @Test
  void columnsMatchWarehouseTableInNameOrderTypeAndNullability() throws Exception {
    try (Connection c = services.connect(db)) {
      for (WarehouseTable table : WarehouseTable.values()) {
        List<String> actual =
            WarehouseRows.texts(
                c,
                "select attname || ' ' || format_type(atttypid, atttypmod)"
                    + " || case when attnotnull then ' not null' else '' end from pg_attribute"
                    + " where attrelid = '"
                    + table.tableName()
                    + "'::regclass and attnum > 0 and not attisdropped"
                    + " order by attnum");
        Stream<String> surrogate = table.surrogateKey().stream().map(k -> k + " integer not null");
        List<String> expected =
            Stream.concat(
                    surrogate,
                    table.columns().stream()
                        .map(
                            (Column col) ->
                                col.name()
                                    + " "
                                    + col.type().sqlType()
                                    + (col.nullable() ? "" : " not null")))
                .toList();
        assertThat(actual)
            .as("columns of %s", table.tableName())
            .containsExactlyElementsOf(expected);
      }
    }
  }

  @Test
  void everyTableIsKeyedAsWarehouseTableSays() throws Exception {
    try (Connection c = services.connect(db)) {
      for (WarehouseTable table : WarehouseTable.values()) {
        String type = table.isFact() ? "u" : "p";
        assertThat(
                WarehouseRows.texts(
                    c,
                    "select (select string_agg(attname, ',' order by k.ord)"
                        + " from unnest(conkey) with ordinality k(attnum, ord) join pg_attribute a"
                        + " on a.attrelid = conrelid and a.attnum = k.attnum) from pg_constraint"
                        + " where conrelid = '"
                        + table.tableName()
                        + "'::regclass and contype = '"
                        + type
                        + "'"))
            .as("%s key of %s", type, table.tableName())
            .containsExactly(String.join(",", table.key()));
        table
            .surrogateKey()
            .ifPresent(
                k ->
                    assertThat(
                            sql(
                                c,
                                "select count(*) from pg_constraint"
                                    + " where conrelid = '"
                                    + table.tableName()
                                    + "'::regclass and contype = 'p' and conkey = array[(select"
                                    + " attnum from pg_attribute where attrelid = conrelid and"
                                    + " attname = '"
                                    + k
                                    + "')]::int2[]"))
                        .isEqualTo("1"));
      }
    }
  }

  @Test
  void factsReferenceTheirDimensions() throws Exception {
    Map<String, Map<String, String>> expected =
        Map.of(
            "fact_sales_order",
                refs(
                    "created_date",
                    "last_updated_date",
                    "agreed_payment_date",
                    "agreed_delivery_date",
                    "sales_staff_id>dim_staff.staff_id",
                    "counterparty_id>dim_counterparty.counterparty_id",
                    "currency_id>dim_currency.currency_id",
                    "design_id>dim_design.design_id",
                    "agreed_delivery_location_id>dim_location.location_id"),
            "fact_purchase_order",
                refs(
                    "created_date",
                    "last_updated_date",
                    "agreed_payment_date",
                    "agreed_delivery_date",
                    "staff_id>dim_staff.staff_id",
                    "counterparty_id>dim_counterparty.counterparty_id",
                    "currency_id>dim_currency.currency_id",
                    "agreed_delivery_location_id>dim_location.location_id"),
            "fact_payment",
                refs(
                    "created_date",
                    "last_updated_date",
                    "payment_date",
                    "transaction_id>dim_transaction.transaction_id",
                    "counterparty_id>dim_counterparty.counterparty_id",
                    "currency_id>dim_currency.currency_id",
                    "payment_type_id>dim_payment_type.payment_type_id"));
    try (Connection c = services.connect(db)) {
      for (var fact : expected.entrySet()) {
        Map<String, String> actual = new TreeMap<>();
        for (String fk :
            WarehouseRows.texts(
                c,
                "select a.attname || '>' || confrelid::regclass || '.' || f.attname from"
                    + " pg_constraint join pg_attribute a on a.attrelid = conrelid and a.attnum ="
                    + " conkey[1] join pg_attribute f on f.attrelid = confrelid and f.attnum ="
                    + " confkey[1] where contype = 'f' and conrelid = '"
                    + fact.getKey()
                    + "'::regclass")) {
          actual.put(fk.substring(0, fk.indexOf('>')), fk.substring(fk.indexOf('>') + 1));
        }
        assertThat(actual).as("foreign keys of %s", fact.getKey()).isEqualTo(fact.getValue());
      }
      assertThat(
              sql(
                  c,
                  "select count(*) from pg_constraint where contype = 'f'"
                      + " and conrelid::regclass::text like 'dim_%'"))
          .as("dimensions reference nothing")
          .isEqualTo("0");
    }
  }

  /** "column" (a date, to dim_date.date_id) or "column>table.column". */
  private static Map<String, String> refs(String... specs) {
    Map<String, String> map = new TreeMap<>();
    for (String spec : specs) {
      int arrow = spec.indexOf('>');
      if (arrow < 0) {
        map.put(spec, "dim_date.date_id");
      } else {
        map.put(spec.substring(0, arrow), spec.substring(arrow + 1));
      }
    }
    return map;
  }

  private static String sql(Connection c, String query) {
    try {
      return WarehouseRows.text(c, query);
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
  }
}
