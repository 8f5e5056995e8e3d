package com.totaltotes.pipeline.load;

import static com.totaltotes.pipeline.load.ProcessedRunWriter.run;
import static com.totaltotes.pipeline.load.SampleRows.DEC_31;
import static com.totaltotes.pipeline.load.SampleRows.LAST_MS;
import static com.totaltotes.pipeline.load.SampleRows.NOV_10;
import static com.totaltotes.pipeline.load.SampleRows.NOV_3;
import static com.totaltotes.pipeline.load.SampleRows.NOV_7;
import static com.totaltotes.pipeline.load.SampleRows.T_1420;
import static com.totaltotes.pipeline.warehouse.WarehouseTable.DIM_STAFF;
import static com.totaltotes.pipeline.warehouse.WarehouseTable.FACT_PAYMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.manifest.ProcessedManifest;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load core against a real PostgreSQL warehouse and a real S3 processed bucket. */
class LoadJobIntegrationTest {
  private static LoadTestServices services;
  @TempDir Path tempDir;
  private String db;
  private String bucket;
  private ProcessedRunWriter runs;

  @BeforeAll
  static void startServers() {
    services = LoadTestServices.start();
  }

  @AfterAll
  static void stopServers() {
    services.close();
  }

  @BeforeEach
  void freshWarehouseAndBucket() {
    db = services.newWarehouse();
    bucket = services.newBucket();
    runs = new ProcessedRunWriter(services.store, bucket, 1);
  }

  private LoadJob job() {
    return services.job(db, bucket, tempDir, LoadFaultHook.NONE);
  }

  private Connection connect() throws Exception {
    return services.connect(db);
  }

  /**
   * Run 2: staff 1 re-emitted unchanged, staff 2 with a new email; payment 1 paid (new version).
   */
  static RunRows second() {
    LocalDate nov24 = LocalDate.of(2026, 11, 24);
    return new RunRows()
        .dates(NOV_3, NOV_7, nov24)
        .add(
            DIM_STAFF,
            1,
            "Jeremie",
            "Franey",
            "Purchasing",
            "Manchester",
            "jeremie.franey@terrifictotes.com")
        .add(
            DIM_STAFF,
            2,
            "Zoë",
            "O'Brien \"Bree\"",
            "Sales",
            "Unknown",
            "zoe.new@terrifictotes.com")
        .add(
            FACT_PAYMENT, 1, NOV_3, T_1420, NOV_3, T_1420, 1, 1, SampleRows.MAX, 1, 1, false, NOV_7)
        .add(
            FACT_PAYMENT,
            1,
            NOV_3,
            T_1420,
            nov24,
            LocalTime.parse("09:15:00.250"),
            1,
            1,
            SampleRows.MAX,
            1,
            1,
            true,
            NOV_7);
  }

  @Test
  void loadsEveryRowOfEveryTableExactly() throws Exception {
    RunRows rows = SampleRows.first();
    runs.write(run(1), rows.asMap());

    List<LoadSummary> summaries = job().run();

    assertThat(summaries)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.runId()).isEqualTo(run(1).toString());
              assertThat(s.skipped()).isFalse();
              assertThat(s.newestSourceUpdate())
                  .isEqualTo(java.time.LocalDateTime.parse("2026-11-24T11:49:00"));
              assertThat(s.rowsPerTable().keySet())
                  .containsExactly(
                      java.util.Arrays.stream(WarehouseTable.values())
                          .map(WarehouseTable::tableName)
                          .toArray(String[]::new));
              assertThat(s.rowsPerTable().get("dim_staff")).isEqualTo(new TableCounts(2, 2, 0));
              assertThat(s.rowsPerTable().get("fact_payment")).isEqualTo(new TableCounts(2, 2, 0));
            });
    try (Connection c = connect()) {
      for (WarehouseTable table : WarehouseTable.values()) {
        assertThat(WarehouseRows.of(c, table))
            .as("rows of %s", table.tableName())
            .isNotEmpty()
            .containsExactlyElementsOf(WarehouseRows.sortedByKey(table, rows.listsOf(table)));
      }
      // the awkward values, spelled out
      assertThat(
              WarehouseRows.text(
                  c, "select address_line_2 from dim_location where location_id = 2"))
          .isEqualTo(SampleRows.AWKWARD);
      assertThat(
              WarehouseRows.text(
                  c,
                  "select address_line_2 is null and district is null from dim_location where"
                      + " location_id = 1"))
          .isEqualTo("t");
      assertThat(
              WarehouseRows.text(
                  c,
                  "select unit_price::text || ' ' || last_updated_time::text from fact_sales_order"
                      + " where sales_order_id = 2"))
          .isEqualTo("0.01 23:59:59.999");
      assertThat(
              WarehouseRows.text(
                  c, "select payment_amount::text from fact_payment where payment_id = 1"))
          .isEqualTo("99999999.99");
      assertThat(WarehouseRows.text(c, "select item_unit_price::text from fact_purchase_order"))
          .isEqualTo("0.10");
      JsonNode ledger =
          new JsonCodec()
              .mapper()
              .readTree(
                  WarehouseRows.text(
                      c,
                      "select json_build_object('run', run_id, 'source', source_run, 'rows',"
                          + " rows_per_table)::text from load_ledger"));
      assertThat(ledger.get("run").asText()).isEqualTo(run(1).toString());
      assertThat(ledger.get("source").asText()).isEqualTo(run(1).toString());
      assertThat(ledger.at("/rows/dim_date/inserted").asLong()).isEqualTo(5);
      assertThat(ledger.at("/rows/fact_sales_order/staged").asLong()).isEqualTo(2);
    }
  }

  @Test
  void loadsTheSameRunTwiceWithoutChange() throws Exception {
    runs.write(run(1), SampleRows.first().asMap());
    job().run();
    Map<String, List<String>> before;
    try (Connection c = connect()) {
      before = WarehouseRows.dump(c);
    }

    List<LoadSummary> again = job().run();
    List<LoadSummary> third = job().run();

    assertThat(again).isEmpty();
    assertThat(third).isEmpty();
    try (Connection c = connect()) {
      assertThat(WarehouseRows.dump(c)).isEqualTo(before);
    }
  }

  @Test
  void loadsRunsWrittenOutOfOrderInSeqOrder() throws Exception {
    // GIVEN run 2's manifest is stored before run 1's
    var first = runs.writeFiles(run(1), SampleRows.first().asMap());
    runs.write(run(2), second().asMap());
    runs.writeManifest(first);

    List<LoadSummary> summaries = job().run();

    assertThat(summaries)
        .extracting(LoadSummary::runId)
        .containsExactly(run(1).toString(), run(2).toString());
    try (Connection c = connect()) {
      // run 2's value, so run 2 was applied after run 1
      assertThat(WarehouseRows.text(c, "select email_address from dim_staff where staff_id = 2"))
          .isEqualTo("zoe.new@terrifictotes.com");
      assertThat(
              WarehouseRows.texts(c, "select run_id from load_ledger order by loaded_at, run_id"))
          .containsExactly(run(1).toString(), run(2).toString());
    }
  }

  @Test
  void waitsForAMissingRunBeforeLoadingLaterOnes() throws Exception {
    runs.write(run(1), SampleRows.first().asMap());
    runs.write(run(3), new RunRows().asMap());

    assertThatThrownBy(() -> job().run())
        .isInstanceOf(LoadFailedException.class)
        .hasMessageContaining("processed run seq 2 is missing from bucket " + bucket)
        .hasMessageContaining(run(3).toString());
    try (Connection c = connect()) {
      assertThat(WarehouseRows.texts(c, "select run_id from load_ledger"))
          .containsExactly(run(1).toString());
    }

    runs.write(run(2), second().asMap());
    assertThat(job().run())
        .extracting(LoadSummary::runId)
        .containsExactly(run(2).toString(), run(3).toString());
  }

  @Test
  void loadsOnAcrossASeqGapThatTheLaterRunSaysItFollows() throws Exception {
    runs.write(run(1), SampleRows.first().asMap());
    // the ingest chain jumped from 1 to 5 over a garbage object named like run 4: the transform
    // made run 5 after run 1 and says so
    runs.writeManifest(following(runs.writeFiles(run(5), second().asMap()), run(1)));
    assertThat(job().run())
        .extracting(LoadSummary::runId)
        .containsExactly(run(1).toString(), run(5).toString());

    // a run after a gap that names a run not in the bucket still waits for it
    runs.writeManifest(following(runs.writeFiles(run(7), new RunRows().asMap()), run(6)));
    assertThatThrownBy(() -> job().run())
        .isInstanceOf(LoadFailedException.class)
        .hasMessageContaining("processed run seq 6 is missing from bucket " + bucket);
  }

  /** {@code m} as the transform writes it after {@code previous}. */
  private static ProcessedManifest following(ProcessedManifest m, RunId previous) {
    return new ProcessedManifest(
        m.runId(),
        m.finishedAt(),
        m.tables(),
        m.rejects(),
        m.rejectsKey(),
        m.statePrefix(),
        m.newestSourceUpdate(),
        m.setAside(),
        m.deletions(),
        previous.toString());
  }

  @Test
  void updatesAChangedDimensionAndDoesNotRewriteAnUnchangedOne() throws Exception {
    runs.write(run(1), SampleRows.first().asMap());
    job().run();
    String xmin1;
    String xmin2;
    try (Connection c = connect()) {
      xmin1 = WarehouseRows.text(c, "select xmin::text from dim_staff where staff_id = 1");
      xmin2 = WarehouseRows.text(c, "select xmin::text from dim_staff where staff_id = 2");
    }
    runs.write(run(2), second().asMap());

    LoadSummary summary = job().run().get(0);

    assertThat(summary.rowsPerTable().get("dim_staff")).isEqualTo(new TableCounts(2, 0, 1));
    assertThat(summary.rowsPerTable().get("dim_date")).isEqualTo(new TableCounts(3, 1, 0));
    try (Connection c = connect()) {
      assertThat(WarehouseRows.text(c, "select xmin::text from dim_staff where staff_id = 1"))
          .as("an unchanged row keeps its row version")
          .isEqualTo(xmin1);
      assertThat(WarehouseRows.text(c, "select xmin::text from dim_staff where staff_id = 2"))
          .as("a changed row gets a new row version")
          .isNotEqualTo(xmin2);
      assertThat(WarehouseRows.of(c, DIM_STAFF))
          .containsExactly(
              List.of(
                  1,
                  "Jeremie",
                  "Franey",
                  "Purchasing",
                  "Manchester",
                  "jeremie.franey@terrifictotes.com"),
              List.of(
                  2, "Zoë", "O'Brien \"Bree\"", "Sales", "Unknown", "zoe.new@terrifictotes.com"));
    }
  }

  @Test
  void addsANewFactVersionAndNeverDuplicatesAKnownOne() throws Exception {
    runs.write(run(1), SampleRows.first().asMap());
    job().run();
    runs.write(run(2), second().asMap());

    LoadSummary summary = job().run().get(0);

    assertThat(summary.rowsPerTable().get("fact_payment")).isEqualTo(new TableCounts(2, 1, 0));
    try (Connection c = connect()) {
      assertThat(
              WarehouseRows.texts(
                  c,
                  "select last_updated_date || ' ' || last_updated_time || ' ' || paid"
                      + " from fact_payment where payment_id = 1 order by payment_record_id"))
          .containsExactly("2022-11-03 14:20:51.563 false", "2026-11-24 09:15:00.25 true");
      assertThat(WarehouseRows.text(c, "select count(*) from fact_payment")).isEqualTo("3");
    }
  }

  @Test
  void keepsTheLastRowWhenARunHoldsOneDimensionKeyTwice() throws Exception {
    runs.write(
        run(1),
        SampleRows.first().add(WarehouseTable.DIM_CURRENCY, 1, "GBP", "Pound Sterling").asMap());

    LoadSummary summary = job().run().get(0);

    assertThat(summary.rowsPerTable().get("dim_currency")).isEqualTo(new TableCounts(4, 3, 0));
    try (Connection c = connect()) {
      assertThat(
              WarehouseRows.text(c, "select currency_name from dim_currency where currency_id = 1"))
          .isEqualTo("Pound Sterling");
    }
  }

  @Test
  void loadsFactsWhoseDimensionsCameInAnEarlierRun() throws Exception {
    runs.write(run(1), SampleRows.first().asMap());
    job().run();
    // run 2 holds only a new sales order: its staff, counterparty, design, ... are in the warehouse
    runs.write(
        run(2),
        new RunRows()
            .add(
                WarehouseTable.FACT_SALES_ORDER,
                3,
                NOV_10,
                LAST_MS,
                NOV_10,
                LAST_MS,
                2,
                1,
                7,
                new BigDecimal("12.30"),
                2,
                1,
                DEC_31,
                NOV_10,
                1)
            .asMap());

    LoadSummary summary = job().run().get(0);

    assertThat(summary.rowsPerTable().get("fact_sales_order")).isEqualTo(new TableCounts(1, 1, 0));
    try (Connection c = connect()) {
      assertThat(
              WarehouseRows.text(
                  c, "select unit_price::text from fact_sales_order where sales_order_id = 3"))
          .isEqualTo("12.30");
    }
  }
}
