package com.totaltotes.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.totaltotes.pipeline.embedded.EmbeddedPostgresServer;
import com.totaltotes.pipeline.run.Stage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TotesCommandTest {
  private static final String PASSWORD = "hunter2-secret";

  @TempDir Path temp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int totes(String... args) {
    CommandLine cli = new CommandLine(new Totes());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void helpExitsZeroAndListsTheSubcommands() {
    int exit = totes("--help");

    assertThat(exit).isZero();
    assertThat(out.toString()).contains("demo", "run", "seed", "change", "replay", "status");
  }

  @Test
  void everySubcommandHasHelp() {
    for (String command : new String[] {"demo", "run", "seed", "change", "replay", "status"}) {
      assertThat(totes(command, "--help")).as("exit code of %s --help", command).isZero();
    }
    assertThat(out.toString())
        .contains("--source", "--warehouse", "--report", "--work-dir", "--from");
  }

  @Test
  void runAndRepairListTheCyclesExitCodes() {
    for (String command : new String[] {"run", "repair"}) {
      out.getBuffer().setLength(0);
      assertThat(totes(command, "--help")).isZero();
      assertThat(out.toString())
          .as("%s --help", command)
          .contains("Exit codes:", "2   bad usage", "3   the cycle completed but set a run aside");
    }
  }

  @Test
  void runWithABadUriExitsOneWithOneLineThatHidesThePassword() {
    int exit =
        totes(
            "run",
            "--source",
            "postgresql://alice:" + PASSWORD + "@@localhost/totesys",
            "--warehouse",
            "postgresql://alice:x@localhost/warehouse",
            "--work-dir",
            temp.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString())
        .startsWith("totes: --source: ")
        .doesNotContain(PASSWORD)
        .hasLineCount(1);
  }

  @Test
  void runWithAWrongPasswordExitsOneNamingTheDatabaseButNotThePassword() throws Exception {
    try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start()) {
      pg.createDatabase("totesys");
      try (Connection c = pg.connect("postgres");
          Statement s = c.createStatement()) {
        s.execute("create role alice login password 'the-right-one'");
      }
      pg.requirePasswords();
      String uri = "postgresql://alice:" + PASSWORD + "@localhost:" + pg.port() + "/totesys";

      int exit = totes("run", "--source", uri, "--warehouse", uri, "--work-dir", temp.toString());

      assertThat(exit).isEqualTo(1);
      assertThat(err.toString())
          .startsWith("totes: ")
          .contains("localhost:" + pg.port() + "/totesys", "alice")
          .doesNotContain(PASSWORD)
          .hasLineCount(1);
    }
  }

  @Test
  void runWithoutSourceSaysWhatIsMissing() {
    int exit =
        totes("run", "--warehouse", "postgresql://a:b@localhost/w", "--work-dir", temp.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).startsWith("totes: --source: no database URI given").hasLineCount(1);
  }

  @Test
  void verboseAddsTheStackTrace() {
    totes(
        "run",
        "--verbose",
        "--source",
        "nonsense",
        "--warehouse",
        "nonsense",
        "--work-dir",
        temp.toString());

    assertThat(err.toString())
        .startsWith("totes: --source: ")
        .contains("at com.totaltotes.pipeline.cli.DatabaseUri");
  }

  @Test
  void statusOfAnEmptyWorkDirSaysNothingRanThere() {
    int exit = totes("status", "--work-dir", temp.toString());

    assertThat(exit).isZero();
    assertThat(out.toString()).contains("no pipeline state in");
  }

  @Test
  void reportFileHasTheDocumentedShape() throws Exception {
    StageReport extract =
        new StageReport(
            Stage.EXTRACT,
            java.util.List.of("00000001-20260101T000000Z"),
            12_345,
            0,
            0,
            java.time.Duration.ofMillis(1_234));
    StageReport transform =
        new StageReport(
            Stage.TRANSFORM, java.util.List.of(), 7, 2, 0, java.time.Duration.ofMillis(50));
    StageReport load =
        new StageReport(Stage.LOAD, java.util.List.of(), 5, 0, 0, java.time.Duration.ofSeconds(3));
    Path file = temp.resolve("reports/report.json");

    new ReportFile().write(file, new CycleReport(extract, transform, load));

    assertThat(java.nio.file.Files.readString(file))
        .isEqualTo(
            "{\"extract\":{\"rows\":12345,\"seconds\":1.234},"
                + "\"transform\":{\"rows\":7,\"rejected\":2,\"seconds\":0.050},"
                + "\"load\":{\"rows\":5,\"seconds\":3.000}}");
  }
}
