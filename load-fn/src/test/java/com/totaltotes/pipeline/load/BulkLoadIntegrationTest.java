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

  // ------------------------------------------------- keys in place (issue 30)

  /** The oids of a table's constraints: the same oids after a run means its keys stayed. */
  private static String constraintOids(Connection c, String table) throws Exception {
    return WarehouseRows.text(
        c,
        "select string_agg(oid::text, ',' order by conname) from pg_constraint where conrelid = '"
            + table
            + "'::regclass");
  }

  @Test
  void aBulkRunIntoAMuchLargerTableKeepsItsKeysAndLoadsWhatThePerRowPathLoads() throws Exception {
    // GIVEN a warehouse holding 4,000 sales orders, loaded on the bulk path, and a per-row one
    String bucket = services.newBucket();
    ProcessedRunWriter writer = new ProcessedRunWriter(services.store, bucket, 700);
    writer.write(run(1), generated(0, 4_000));
    String perRow = services.newWarehouse();
    String bulk = services.newWarehouse();
    services.job(perRow, bucket, tempDir, Long.MAX_VALUE).run();
    services.job(bulk, bucket, tempDir, 0).run();
    String before;
    try (Connection b = services.connect(bulk)) {
      before = constraintOids(b, "fact_sales_order");
    }

    // WHEN a bulk run of 1,000 facts (500 of them versions it holds) comes: a quarter of the table
    writer.write(run(2), generated(3_500, 4_500));
    List<LoadSummary> perRowRuns = services.job(perRow, bucket, tempDir, Long.MAX_VALUE).run();
    List<LoadSummary> bulkRuns = services.job(bulk, bucket, tempDir, 0).run();

    // THEN its keys stayed (the same constraints, not dropped and added again) and both
    // warehouses hold the same rows, surrogate keys included, and the same sequence
    assertThat(bulkRuns).singleElement().satisfies(r -> assertThat(r.setAside()).isNull());
    assertThat(bulkRuns.get(0).rowsPerTable().get("fact_sales_order"))
        .isEqualTo(new TableCounts(1_000, 500, 0))
        .isEqualTo(perRowRuns.get(0).rowsPerTable().get("fact_sales_order"));
    try (Connection p = services.connect(perRow);
        Connection b = services.connect(bulk)) {
      assertThat(constraintOids(b, "fact_sales_order")).as("keys in place").isEqualTo(before);
      assertThat(WarehouseRows.dumpWithoutLoadTimes(b))
          .isEqualTo(WarehouseRows.dumpWithoutLoadTimes(p));
      String sequences =
          "select last_value || ' ' || is_called from fact_sales_order_sales_record_id_seq";
      assertThat(WarehouseRows.text(b, sequences)).isEqualTo(WarehouseRows.text(p, sequences));
      assertThat(WarehouseRows.text(b, "show session_replication_role"))
          .as("a new session: the setting was the run's only")
          .isEqualTo("origin");
    }
  }

  @Test
  void aDanglingReferenceWithTheKeysInPlaceSetsTheRunAsideLikeThePerRowPath() throws Exception {
    // GIVEN 4,000 sales orders loaded, then a run of 1,000 whose last one names design 9999
    String bucket = services.newBucket();
    ProcessedRunWriter writer = new ProcessedRunWriter(services.store, bucket, 700);
    writer.write(run(1), generated(0, 4_000));
    Map<WarehouseTable, List<Object[]>> second = generated(4_000, 5_000);
    List<Object[]> facts = second.get(WarehouseTable.FACT_SALES_ORDER);
    Object[] dangling = facts.get(facts.size() - 1).clone();
    dangling[10] = 9999; // design_id
    facts.set(facts.size() - 1, dangling);
    writer.write(run(2), second);

    // WHEN one warehouse loads per row and another on the bulk path
    String perRow = services.newWarehouse();
    String bulk = services.newWarehouse();
    List<LoadSummary> perRowRuns = services.job(perRow, bucket, tempDir, Long.MAX_VALUE).run();
    List<LoadSummary> bulkRuns = services.job(bulk, bucket, tempDir, 0).run();

    // THEN both set the second run aside for the same foreign key and value, and hold the first
    String error = "the run was rolled back: ";
    String perRowReason = perRowRuns.get(1).setAside();
    String bulkReason = bulkRuns.get(1).setAside();
    assertThat(bulkReason)
        .contains("while inserting fact_sales_order (bulk path, keys in place")
        .contains(
            "violates foreign key constraint \"fact_sales_order_design_id_fk\"; Key"
                + " (design_id)=(9999) is not present in table \"dim_design\". (SQLState 23503)");
    assertThat(bulkReason.substring(bulkReason.indexOf(error)))
        .as("the database's error, word for word")
        .isEqualTo(perRowReason.substring(perRowReason.indexOf(error)));
    try (Connection p = services.connect(perRow);
        Connection b = services.connect(bulk)) {
      assertThat(WarehouseRows.text(b, "select count(*) from fact_sales_order")).isEqualTo("4000");
      Map<String, List<String>> bulkDump = WarehouseRows.dumpWithoutLoadTimes(b);
      Map<String, List<String>> perRowDump = WarehouseRows.dumpWithoutLoadTimes(p);
      bulkDump.remove("load_ledger"); // the reasons name different steps
      perRowDump.remove("load_ledger");
      assertThat(bulkDump).isEqualTo(perRowDump);
    }
  }

  @Test
  void aUserThatMayNotTurnTheTriggersOffRebuildsTheKeysAndLoadsTheSameRows() throws Exception {
    // GIVEN a warehouse owned by a plain user (no superuser, no SET on session_replication_role)
    String owned = services.newWarehouse();
    try (Connection c = services.connect(owned);
        java.sql.Statement s = c.createStatement()) {
      s.execute(
          "do $$ begin if not exists (select from pg_roles where rolname = 'plain_loader') then"
              + " create role plain_loader login password 'plain'; end if; end $$");
      s.execute("alter database " + owned + " owner to plain_loader");
    }
    com.totaltotes.pipeline.credentials.ConnectionSource plain =
        com.totaltotes.pipeline.credentials.ConnectionSource.fixed(
            new com.totaltotes.pipeline.credentials.DatabaseLogin(
                "postgres", "localhost", services.pg.port(), "plain_loader", "plain", owned));
    String bucket = services.newBucket();
    ProcessedRunWriter writer = new ProcessedRunWriter(services.store, bucket, 700);
    String perRow = services.newWarehouse();
    LoadJob asPlainUser =
        new LoadJob(
            plain,
            services.store,
            new com.totaltotes.pipeline.json.JsonCodec(),
            java.time.Clock.systemUTC(),
            new LoadConfig(bucket, tempDir, 0),
            LoadFaultHook.NONE);
    writer.write(run(1), generated(0, 4_000));
    List<LoadSummary> runs = new ArrayList<>(asPlainUser.run());
    String before;
    try (Connection o = services.connect(owned)) {
      before = constraintOids(o, "fact_sales_order");
    }

    // WHEN a bulk run of a quarter of the table loads as that user
    writer.write(run(2), generated(3_500, 4_500));
    runs.addAll(asPlainUser.run());
    services.job(perRow, bucket, tempDir, Long.MAX_VALUE).run();

    // THEN the second run rebuilt the keys instead, and the rows are the per-row path's
    assertThat(runs).hasSize(2).allSatisfy(r -> assertThat(r.setAside()).isNull());
    try (Connection o = services.connect(owned);
        Connection p = services.connect(perRow)) {
      assertThat(constraintOids(o, "fact_sales_order")).as("keys rebuilt").isNotEqualTo(before);
      assertThat(WarehouseRows.dumpWithoutLoadTimes(o))
          .isEqualTo(WarehouseRows.dumpWithoutLoadTimes(p));
      assertThat(
              WarehouseRows.text(
                  o, "select tableowner from pg_tables where tablename =" + " 'fact_sales_order'"))
          .isEqualTo("plain_loader");
    }
  }
}
