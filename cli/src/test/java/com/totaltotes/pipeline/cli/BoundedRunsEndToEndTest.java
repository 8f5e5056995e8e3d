package com.totaltotes.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.totaltotes.pipeline.credentials.ConnectionSource;
import com.totaltotes.pipeline.credentials.DatabaseLogin;
import com.totaltotes.pipeline.embedded.EmbeddedPostgresServer;
import com.totaltotes.pipeline.generator.TotesysGenerator;
import com.totaltotes.pipeline.run.Stage;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A backlog done in bounded runs (issue 16), wired as {@code ./totes run --max-rows-per-run} wires
 * it: a few thousand orders, most of the sales orders and payments sharing one last_updated, a cap
 * of 2,500 rows per run. The warehouse must equal the independent expectation from the source, row
 * for row, none twice, and so equal the warehouse of one uncapped run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BoundedRunsEndToEndTest {
  private static final int ORDERS = 3_000;
  private static final int CAP = 2_500;

  private EmbeddedPostgresServer pg;
  private ConnectionSource source;
  private Path temp;

  @BeforeAll
  void startAndSeed() throws SQLException, IOException {
    pg = EmbeddedPostgresServer.start();
    source = database(pg.createDatabase("totesys"));
    temp = Files.createTempDirectory("totes-bounded");
    try (Connection c = source.open();
        Statement s = c.createStatement()) {
      new TotesysGenerator().seed(c, ORDERS, 5);
      // thousands of rows on one last_updated, across the cap
      s.execute(
          "update sales_order set last_updated = (select max(last_updated) from sales_order)"
              + " where sales_order_id % 4 <> 0");
      s.execute(
          "update payment set last_updated = (select max(last_updated) from payment)"
              + " where payment_id % 3 <> 0");
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
  void aBacklogInBoundedRunsEndsWithTheWarehouseOfOneUncappedRun() throws SQLException {
    ConnectionSource bounded = database(pg.createDatabase("warehouse_bounded"));
    ConnectionSource uncapped = database(pg.createDatabase("warehouse_uncapped"));
    List<StageReport> lines = new ArrayList<>();
    CycleReport cycle;
    try (WorkspaceSession session = Workspace.local(temp.resolve("bounded")).open(true)) {
      cycle =
          new Pipeline(session, Clock.systemUTC(), lines::add)
              .maxRowsPerRun(CAP)
              .cycle(source, bounded);
    }
    CycleReport once;
    try (WorkspaceSession session = Workspace.local(temp.resolve("uncapped")).open(true)) {
      once = new Pipeline(session, Clock.systemUTC(), r -> {}).cycle(source, uncapped);
    }

    assertThat(once.extract().runIds()).hasSize(1);
    int runs = cycle.extract().runIds().size();
    assertThat(runs).as("bounded runs").isGreaterThanOrEqualTo(5);
    // every bounded run was transformed and loaded before the next was extracted
    assertThat(cycle.transform().runIds()).isEqualTo(cycle.extract().runIds());
    assertThat(cycle.load().runIds()).isEqualTo(cycle.extract().runIds());
    assertThat(cycle.transform().setAside()).isEmpty();
    assertThat(cycle.load().setAside()).isEmpty();
    assertThat(cycle.transform().rejected()).isZero();
    assertThat(cycle.extract().backlog()).isZero();
    // one extract line per run, each with the rows left, the last with none
    List<StageReport> extracts = lines.stream().filter(r -> r.stage() == Stage.EXTRACT).toList();
    assertThat(extracts).hasSize(runs);
    assertThat(extracts.get(0).backlog()).isPositive();
    assertThat(ProgressPrinter.line(extracts.get(0))).contains("rows left for the next run");
    assertThat(extracts.get(runs - 1).backlog()).isZero();

    try (Connection s = source.open();
        Connection b = bounded.open();
        Connection u = uncapped.open()) {
      for (WarehouseTable table : WarehouseTable.values()) {
        List<String> expected = WarehouseRows.expected(s, table);
        assertThat(WarehouseRows.actual(b, table))
            .as("%s after bounded runs: the source's rows, each once", table.tableName())
            .isEqualTo(expected);
        assertThat(WarehouseRows.actual(u, table))
            .as("%s after one uncapped run", table.tableName())
            .isEqualTo(expected);
      }
    }
  }

  /**
   * Issue 27, as a user found it: 80 sales orders stamped five years ahead and {@code ./totes run
   * --max-rows-per-run 50} never ended (each run re-read the same future-dated rows and reported
   * rows left). It now ends, and the warehouse holds every row of the source, the future-dated
   * orders included.
   */
  @Test
  void futureDatedRowsBeyondTheCapDoNotKeepARunGoing() throws SQLException {
    ConnectionSource future = database(pg.createDatabase("totesys_future"));
    ConnectionSource warehouse = database(pg.createDatabase("warehouse_future"));
    try (Connection c = future.open();
        Statement s = c.createStatement()) {
      new TotesysGenerator().seed(c, 200, 7);
      s.execute(
          "update sales_order set last_updated = localtimestamp(3) + interval '5 years'"
              + " where sales_order_id <= 80");
    }
    CycleReport cycle =
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
            java.time.Duration.ofSeconds(180),
            () -> {
              try (WorkspaceSession session = Workspace.local(temp.resolve("future")).open(true)) {
                return new Pipeline(session, Clock.systemUTC(), r -> {})
                    .maxRowsPerRun(50)
                    .cycle(future, warehouse);
              }
            });
    assertThat(cycle.extract().backlog()).isZero();
    assertThat(cycle.load().setAside()).isEmpty();
    try (Connection s = future.open();
        Connection w = warehouse.open()) {
      for (WarehouseTable table : WarehouseTable.values()) {
        assertThat(WarehouseRows.actual(w, table))
            .as("%s after the bounded runs", table.tableName())
            .isEqualTo(WarehouseRows.expected(s, table));
      }
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
