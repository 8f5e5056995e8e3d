package com.totaltotes.pipeline.load;

import static com.totaltotes.pipeline.load.ProcessedRunWriter.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bulk load path (foreign keys dropped and validated set-wise inside the run's transaction) and
 * the per-row path load the same warehouse, row for row, and leave the same schema.
 */
class BulkLoadIntegrationTest {
  private static LoadTestServices services;
  @TempDir Path tempDir;

  @BeforeAll
  static void startServers() {
    services = LoadTestServices.start();
  }

  @AfterAll
  static void stopServers() {
    services.close();
  }

  /** Rows of a run with every dimension the generated facts reference, and facts [from, to). */
  private static Map<WarehouseTable, List<Object[]>> generated(int from, int to) {
    RunRows rows = new RunRows();
    Map<WarehouseTable, List<Object[]>> map = rows.asMap();
    for (WarehouseTable table : WarehouseTable.values()) {
      if (!table.isFact()) {
        map.put(table, LoadBenchmark.dimensionRows(table));
      }
    }
    List<Object[]> facts = new ArrayList<>();
    LoadBenchmark.factRows(from, to).forEach(facts::add);
    map.put(WarehouseTable.FACT_SALES_ORDER, facts);
    return map;
  }

  @Test
  void bothPathsLoadTheSameWarehouseRowForRowAndKeepTheSchema() throws Exception {
    // GIVEN one bucket of runs: the sample rows (every table, awkward values), a second run with
    // changed dimensions and a new fact version, then two generated runs whose facts overlap
    String bucket = services.newBucket();
    ProcessedRunWriter small = new ProcessedRunWriter(services.store, bucket, 1);
    small.write(run(1), SampleRows.first().asMap());
    small.write(run(2), LoadJobIntegrationTest.second().asMap());
    ProcessedRunWriter large = new ProcessedRunWriter(services.store, bucket, 700);
    large.write(run(3), generated(0, 2_000));
    large.write(run(4), generated(1_500, 3_000));
    small.write(run(5), twiceInOneRun());

    // WHEN one warehouse loads them per row and another on the bulk path
    String perRow = services.newWarehouse();
    String bulk = services.newWarehouse();
    String migratedOnly = services.newWarehouse();
    List<LoadSummary> perRowRuns = services.job(perRow, bucket, tempDir, Long.MAX_VALUE).run();
    List<LoadSummary> bulkRuns = services.job(bulk, bucket, tempDir, 0).run();
    new WarehouseMigrator(services.source(migratedOnly)).migrate();

    // THEN the counts, every row (surrogate keys included) and the ledger are the same
    assertThat(bulkRuns).hasSize(5).allSatisfy(s -> assertThat(s.setAside()).isNull());
    assertThat(bulkRuns.stream().map(LoadSummary::rowsPerTable).toList())
        .isEqualTo(perRowRuns.stream().map(LoadSummary::rowsPerTable).toList());
    assertThat(bulkRuns.get(3).rowsPerTable().get("fact_sales_order"))
        .as("the overlap is skipped on both paths")
        .isEqualTo(new TableCounts(1_500, 1_000, 0));
    assertThat(bulkRuns.get(4).rowsPerTable().get("fact_sales_order"))
        .isEqualTo(new TableCounts(4, 2, 0));
    assertThat(bulkRuns.get(4).rowsPerTable().get("dim_staff")).isEqualTo(new TableCounts(2, 0, 1));
    try (Connection p = services.connect(perRow);
        Connection b = services.connect(bulk);
        Connection m = services.connect(migratedOnly)) {
      Map<String, List<String>> perRowDump = WarehouseRows.dumpWithoutLoadTimes(p);
      assertThat(perRowDump.get("fact_sales_order")).hasSize(3_000 + 2 + 2);
      assertThat(WarehouseRows.dumpWithoutLoadTimes(b)).isEqualTo(perRowDump);
      assertThat(perRowDump.get("dim_staff")).anyMatch(r -> r.startsWith("(3,B,Second,"));
      assertThat(perRowDump.get("fact_sales_order"))
          .as("the second row of one version was skipped")
          .noneMatch(r -> r.contains(",12345,"));
      String sequences =
          "select last_value || ' ' || is_called from fact_sales_order_sales_record_id_seq";
      assertThat(WarehouseRows.text(b, sequences)).isEqualTo(WarehouseRows.text(p, sequences));
      // AND both keep the migrated schema: every constraint and index, by name and definition
      assertThat(WarehouseRows.schema(b))
          .isEqualTo(WarehouseRows.schema(p))
          .isEqualTo(WarehouseRows.schema(m));
      // AND the bulk path did run: its foreign keys were created after the migration's last
      // object (object ids only grow), the per-row warehouse's were not
      String recreated =
          "select count(*) from pg_constraint where contype = 'f'"
              + " and oid > 'current_payment'::regclass::oid";
      assertThat(WarehouseRows.text(b, recreated))
          .isEqualTo(
              WarehouseRows.text(m, "select count(*) from pg_constraint where contype = 'f'"));
      assertThat(WarehouseRows.text(p, recreated)).isEqualTo("0");
    }
  }

  /**
   * One dimension key twice (the row staged last wins) and one fact version twice (the first staged
   * is kept, the second skipped: it still takes a surrogate key value on the per-row path), then a
   * new fact.
   */
  private static Map<WarehouseTable, List<Object[]>> twiceInOneRun() {
    List<Object[]> facts = new ArrayList<>();
    LoadBenchmark.factRows(5_000, 5_001).forEach(facts::add);
    Object[] again = facts.get(0).clone();
    again[7] = 12345; // units_sold: another row, the same version
    facts.add(again);
    LoadBenchmark.factRows(5_001, 5_002).forEach(facts::add);
    facts.add(LoadBenchmark.factRows(10, 11).iterator().next()); // a version run 3 loaded
    RunRows rows =
        new RunRows()
            .add(WarehouseTable.DIM_STAFF, 3, "A", "First", "Dept", "Leeds", "a@t.com")
            .add(WarehouseTable.DIM_STAFF, 3, "B", "Second", "Dept", "Leeds", "b@t.com");
    Map<WarehouseTable, List<Object[]>> map = rows.asMap();
    map.put(WarehouseTable.FACT_SALES_ORDER, facts);
    return map;
  }

  @Test
  void aFirstRunHoldingADimensionKeyTwiceLoadsOnTheBulkPathAsOnThePerRowPath() throws Exception {
    // GIVEN a first run (the bulk path copies an empty dimension's files straight into it) whose
    // dim_staff holds its first key twice, the second copy renamed, one row per file
    Map<WarehouseTable, List<Object[]>> rows = SampleRows.first().asMap();
    List<Object[]> staff = new ArrayList<>(rows.get(WarehouseTable.DIM_STAFF));
    Object[] renamed = staff.get(0).clone();
    renamed[1] = "Renamed";
    staff.add(1, renamed);
    rows.put(WarehouseTable.DIM_STAFF, staff);
    assertThat(staff).hasSizeGreaterThan(2); // a file after the failing one is passed over
    String bucket = services.newBucket();
    new ProcessedRunWriter(services.store, bucket, 1).write(run(1), rows);

    // WHEN one warehouse loads it per row and another on the bulk path
    String perRow = services.newWarehouse();
    String bulk = services.newWarehouse();
    List<LoadSummary> perRowRuns = services.job(perRow, bucket, tempDir, Long.MAX_VALUE).run();
    List<LoadSummary> bulkRuns = services.job(bulk, bucket, tempDir, 0).run();

    // THEN the row staged last wins on both, with the same counts and rows
    assertThat(bulkRuns).singleElement().satisfies(s -> assertThat(s.setAside()).isNull());
    assertThat(bulkRuns.get(0).rowsPerTable()).isEqualTo(perRowRuns.get(0).rowsPerTable());
    assertThat(bulkRuns.get(0).rowsPerTable().get("dim_staff"))
        .isEqualTo(new TableCounts(staff.size(), staff.size() - 1, 0));
    try (Connection p = services.connect(perRow);
        Connection b = services.connect(bulk)) {
      Map<String, List<String>> perRowDump = WarehouseRows.dumpWithoutLoadTimes(p);
      assertThat(WarehouseRows.dumpWithoutLoadTimes(b)).isEqualTo(perRowDump);
      assertThat(perRowDump.get("dim_staff")).anyMatch(r -> r.contains(",Renamed,"));
    }
  }

  @Test
  void aRunBelowTheThresholdTakesThePerRowPath() throws Exception {
    String bucket = services.newBucket();
    new ProcessedRunWriter(services.store, bucket, 1).write(run(1), SampleRows.first().asMap());
    String db = services.newWarehouse();

    // the sample run stages 5 fact rows (2 sales orders, 1 purchase order, 2 payments)
    assertThat(services.job(db, bucket, tempDir, 7).run()).hasSize(1);

    try (Connection c = services.connect(db)) {
      assertThat(
              WarehouseRows.text(
                  c,
                  "select count(*) from pg_constraint where contype = 'f'"
                      + " and oid > 'current_payment'::regclass::oid"))
          .isEqualTo("0");
    }
  }
}
