package com.totaltotes.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.totaltotes.pipeline.PipelineException;
import com.totaltotes.pipeline.credentials.ConnectionSource;
import com.totaltotes.pipeline.credentials.DatabaseLogin;
import com.totaltotes.pipeline.embedded.EmbeddedPostgresServer;
import com.totaltotes.pipeline.generator.TotesysGenerator;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

/**
 * {@code totes replay} and {@code totes status} over a work dir that two cycles (seed, change
 * round) have filled: a replay rebuilds the same star schema in an empty warehouse, from the first
 * run or from a later one, and changes nothing in the warehouse that is already loaded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayIntegrationTest {
  private EmbeddedPostgresServer pg;
  private ConnectionSource source;
  private ConnectionSource warehouse;
  private Path workDir;
  private final List<String> runIds = new ArrayList<>();

  @BeforeAll
  void runTwoCycles() throws SQLException, IOException {
    pg = EmbeddedPostgresServer.start();
    source = database("totesys");
    warehouse = database("warehouse");
    workDir = Files.createTempDirectory("totes-replay");
    try (Connection c = source.open()) {
      new TotesysGenerator().seed(c, 120, 3);
    }
    runIds.add(cycle().extract().runIds().get(0));
    try (Connection c = source.open()) {
      new TotesysGenerator().changeRound(c, 4);
    }
    runIds.add(cycle().extract().runIds().get(0));
    runIds.add(cycle().extract().runIds().get(0)); // a third run, without source changes
  }

  @AfterAll
  void stop() throws IOException {
    pg.close();
    try (Stream<Path> paths = Files.walk(workDir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Test
  void replayIntoAnEmptyWarehouseRebuildsTheSameStarSchema() throws SQLException {
    ConnectionSource empty = database("rebuilt_from_start");

    Replay.Result result = replay(empty, "replay-all", null);

    assertThat(result.transform().runIds()).as("runs transformed again").isEqualTo(runIds);
    assertThat(result.load().runIds()).as("runs loaded").isEqualTo(runIds);
    assertThat(loadedRows(empty)).isEqualTo(loadedRows(warehouse));
  }

  @Test
  void replayFromTheSecondRunStartsFromTheCopiedFirstRun() throws SQLException {
    ConnectionSource empty = database("rebuilt_from_second");

    Replay.Result result = replay(empty, "replay-from-second", "2");

    assertThat(result.transform().runIds())
        .as("runs transformed again")
        .isEqualTo(runIds.subList(1, 3));
    assertThat(result.load().runIds())
        .as("copied first run, then the replayed one")
        .isEqualTo(runIds);
    assertThat(loadedRows(empty)).isEqualTo(loadedRows(warehouse));
  }

  @Test
  void replayIntoTheLoadedWarehouseChangesNothing() throws SQLException {
    Map<String, List<String>> before;
    try (Connection w = warehouse.open()) {
      before = WarehouseRows.snapshot(w);
    }

    Replay.Result result = replay(warehouse, "replay-loaded", null);

    assertThat(result.load().rows()).as("warehouse rows inserted or updated").isZero();
    try (Connection w = warehouse.open()) {
      assertThat(WarehouseRows.snapshot(w)).isEqualTo(before);
    }
  }

  @Test
  void replayFromTheThirdRunIntoTheLoadedWarehouseChangesNothing() throws SQLException {
    // the replay bucket's chain starts at the copied run 2, not at seq 1
    Map<String, List<String>> before;
    try (Connection w = warehouse.open()) {
      before = WarehouseRows.snapshot(w);
    }

    Replay.Result result = replay(warehouse, "replay-from-third", "3");

    assertThat(result.transform().runIds()).containsExactly(runIds.get(2));
    assertThat(result.load().rows()).isZero();
    try (Connection w = warehouse.open()) {
      assertThat(WarehouseRows.snapshot(w)).isEqualTo(before);
    }
  }

  /**
   * Issue 26: a replay from run 3 into a warehouse without run 1 used to set every replayed run
   * aside with foreign-key errors (exit 3). It is refused up front, with one line that says which
   * --from the warehouse can take, and nothing is written.
   */
  @Test
  void aReplayFromALaterRunIntoAWarehouseWithoutTheRunsBeforeIsRefusedUpFront()
      throws SQLException {
    database("replay_cli_empty"); // a warehouse without the dimensions run 2 and 3 reference
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Totes());
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(err, true));

    int exit =
        cli.execute(
            "replay",
            "--warehouse",
            "postgresql://postgres:postgres@localhost:" + pg.port() + "/replay_cli_empty",
            "--work-dir",
            workDir.toString(),
            "--from",
            "3",
            "--into",
            "replay-cli-from-third");

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo(
            "totes: --from 3: the warehouse has not loaded run "
                + runIds.get(0)
                + ", which the replayed runs build on: nothing replayed; replay without --from, or"
                + " with --from 2 or earlier");
    try (WorkspaceSession session = Workspace.local(workDir).open(false)) {
      assertThat(session.store().list("replay-cli-from-third", "", null))
          .as("nothing written")
          .isEmpty();
    } catch (RuntimeException bucketNeverCreated) {
      assertThat(bucketNeverCreated)
          .hasMessageContaining("bucket 'replay-cli-from-third' does not exist");
    }
  }

  @Test
  void replayFromAnUnknownRunFailsNamingIt() {
    assertThatThrownBy(() -> replay(warehouse, "replay-unknown", "99"))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("--from 99: no such run in bucket 'ingest'");
  }

  @Test
  void statusListsTheRunsAndTheWatermarksOfTheNewest() {
    String status;
    try (WorkspaceSession session = Workspace.local(workDir).open(false)) {
      status = new StatusReport(session).render(10);
    }

    assertThat(status)
        .contains("extract    3 run(s), latest " + runIds.get(2))
        .contains("0 ingest run(s) pending")
        .contains("watermarks after run " + runIds.get(2))
        .contains(runIds.get(0))
        .contains(runIds.get(1));
  }

  private Replay.Result replay(ConnectionSource target, String bucket, String from) {
    try (WorkspaceSession session = Workspace.local(workDir).open(true)) {
      return new Replay(session, new Pipeline(session, Clock.systemUTC(), r -> {}))
          .run(target, bucket, from);
    }
  }

  private CycleReport cycle() {
    try (WorkspaceSession session = Workspace.local(workDir).open(true)) {
      return new Pipeline(session, Clock.systemUTC(), r -> {}).cycle(source, warehouse);
    }
  }

  /** Every table's loaded columns (no surrogate keys), sorted. */
  private static Map<String, List<String>> loadedRows(ConnectionSource db) throws SQLException {
    Map<String, List<String>> rows = new LinkedHashMap<>();
    try (Connection c = db.open()) {
      for (WarehouseTable t : WarehouseTable.values()) {
        rows.put(t.tableName(), WarehouseRows.actual(c, t));
      }
    }
    return rows;
  }

  private ConnectionSource database(String name) {
    return ConnectionSource.fixed(
        new DatabaseLogin(
            "postgres",
            "localhost",
            pg.port(),
            EmbeddedPostgresServer.USER,
            EmbeddedPostgresServer.PASSWORD,
            pg.createDatabase(name)));
  }
}
