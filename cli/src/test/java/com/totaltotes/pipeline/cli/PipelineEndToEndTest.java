package com.totaltotes.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.totaltotes.pipeline.credentials.ConnectionSource;
import com.totaltotes.pipeline.credentials.DatabaseLogin;
import com.totaltotes.pipeline.embedded.EmbeddedPostgresServer;
import com.totaltotes.pipeline.generator.ChangeSummary;
import com.totaltotes.pipeline.generator.SeedSummary;
import com.totaltotes.pipeline.generator.TotesysGenerator;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole pipeline on embedded PostgreSQL and S3, wired exactly as {@code ./totes run} wires it
 * ({@link Workspace}, {@link Pipeline}): seed → run → change round → run → run without change → run
 * from a fresh work dir against the same warehouse. After every run the warehouse must equal an
 * independent SQL computation of the star schema from the source tables ({@code
 * src/test/resources/expected/*.sql}): dimensions hold the latest values; facts hold every version
 * that any run saw exactly once. The steps build on each other, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class PipelineEndToEndTest {
  private static final int ORDERS = 500;

  private EmbeddedPostgresServer pg;
  private ConnectionSource source;
  private ConnectionSource warehouse;
  private Path temp;
  private Path workDir;
  private long seededRows;

  /** Per fact table and for dim_date: every row version that some run has seen in the source. */
  private final Map<WarehouseTable, Set<String>> versionsSeen = new EnumMap<>(WarehouseTable.class);

  @BeforeAll
  void startDatabasesAndSeed() throws SQLException, IOException {
    pg = EmbeddedPostgresServer.start();
    source = database(pg.createDatabase("totesys"));
    warehouse = database(pg.createDatabase("warehouse"));
    temp = Files.createTempDirectory("totes-e2e");
    workDir = temp.resolve("work");
    try (Connection c = source.open()) {
      SeedSummary seeded = new TotesysGenerator().seed(c, ORDERS, 7);
      seededRows = seeded.totalRows();
    }
  }

  @AfterAll
  void stop() throws IOException {
    if (pg != null) {
      pg.close();
    }
    TestDirs.deleteTree(temp);
  }

  @Test
  @Order(1)
  void firstRunLoadsTheWholeSeededSource() throws SQLException {
    CycleReport cycle = runCycle(workDir);

    assertThat(cycle.extract().rows()).as("rows extracted by the first run").isEqualTo(seededRows);
    assertThat(cycle.transform().rejected()).as("rows rejected").isZero();
    assertThat(cycle.load().runIds()).as("runs loaded").hasSize(1);
    assertWarehouseEqualsExpectationFromSource();
  }

  @Test
  @Order(2)
  void runAfterAChangeRoundAddsTheNewVersionsAndUpdatesTheDimensions() throws SQLException {
    ChangeSummary change;
    try (Connection c = source.open()) {
      change = new TotesysGenerator().changeRound(c, 11);
    }

    CycleReport cycle = runCycle(workDir);

    assertThat(cycle.transform().rejected()).as("rows rejected").isZero();
    assertThat(cycle.load().rows()).as("warehouse rows inserted or updated").isPositive();
    assertWarehouseEqualsExpectationFromSource();
    try (Connection w = warehouse.open()) {
      assertThat(WarehouseRows.actual(w, WarehouseTable.FACT_PAYMENT))
          .as("both versions of a payment that was paid in the change round")
          .filteredOn(row -> row.startsWith(change.paidPaymentIds().get(0) + "|"))
          .hasSize(2);
    }
  }

  @Test
  @Order(3)
  void runWithoutChangesLeavesTheWarehouseUnchanged() throws SQLException {
    Map<String, List<String>> before = snapshot();

    CycleReport cycle = runCycle(workDir);

    assertThat(cycle.load().rows()).as("warehouse rows inserted or updated").isZero();
    assertThat(snapshot()).as("every warehouse row, surrogate keys included").isEqualTo(before);
    assertWarehouseEqualsExpectationFromSource();
  }

  @Test
  @Order(4)
  void fullReplayFromAFreshWorkDirIsLoadedAndAddsNothing() throws SQLException {
    Map<String, List<String>> before = snapshot();

    CycleReport cycle = runCycle(temp.resolve("fresh-work"));

    assertThat(cycle.extract().rows())
        .as("a fresh work dir extracts every source row")
        .isGreaterThan(seededRows);
    assertThat(cycle.load().runIds())
        .as("runs of the fresh work dir that the loader loaded")
        .hasSize(1);
    assertThat(cycle.load().skippedRuns()).as("runs skipped as already loaded").isZero();
    assertThat(cycle.load().rows()).as("warehouse rows inserted or updated").isZero();
    assertThat(snapshot()).as("every warehouse row, surrogate keys included").isEqualTo(before);
    assertWarehouseEqualsExpectationFromSource();
  }

  private CycleReport runCycle(Path dir) {
    try (WorkspaceSession session = Workspace.local(dir).open(true)) {
      return new Pipeline(session, Clock.systemUTC(), report -> {}).cycle(source, warehouse);
    }
  }

  /**
   * Dimensions equal the expectation computed from the source now; facts and dim_date equal every
   * version computed from the source after any run so far (each exactly once: the warehouse list
   * keeps duplicates, the expectation has none).
   */
  private void assertWarehouseEqualsExpectationFromSource() throws SQLException {
    try (Connection s = source.open();
        Connection w = warehouse.open()) {
      for (WarehouseTable table : WarehouseTable.values()) {
        List<String> expectedNow = WarehouseRows.expected(s, table);
        if (table.isFact() || table == WarehouseTable.DIM_DATE) {
          Set<String> seen = versionsSeen.computeIfAbsent(table, t -> new HashSet<>());
          seen.addAll(expectedNow);
          assertThat(WarehouseRows.actual(w, table))
              .as("%s: every version seen in the source, each exactly once", table.tableName())
              .isEqualTo(WarehouseRows.sorted(seen));
        } else {
          assertThat(WarehouseRows.actual(w, table))
              .as("%s: the latest source values", table.tableName())
              .isEqualTo(expectedNow);
        }
      }
    }
  }

  private Map<String, List<String>> snapshot() throws SQLException {
    try (Connection w = warehouse.open()) {
      return WarehouseRows.snapshot(w);
    }
  }

  private ConnectionSource database(String name) {
    return ConnectionSource.fixed(
        new DatabaseLogin(
            "postgres",
            "localhost",
            pg.port(),
            EmbeddedPostgresServer.USER,
            EmbeddedPostgresServer.PASSWORD,
            name));
  }
}
