package com.totaltotes.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.totaltotes.pipeline.embedded.EmbeddedPostgresServer;
import com.totaltotes.pipeline.embedded.EmbeddedS3Server;
import com.totaltotes.pipeline.generator.SeedSummary;
import com.totaltotes.pipeline.generator.TotesysGenerator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code totes run} through the command line, on an external S3 endpoint, with a report file. */
class RunCommandIntegrationTest {
  @TempDir Path temp;

  @Test
  void runOnAnExternalS3EndpointLoadsTheWarehouseAndWritesTheReport() throws Exception {
    try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start();
        EmbeddedS3Server s3 = EmbeddedS3Server.startInMemory()) {
      pg.createDatabase("totesys");
      pg.createDatabase("warehouse");
      s3.createBucket("raw-rows");
      s3.createBucket("parquet-rows");
      SeedSummary seeded;
      try (Connection c = pg.connect("totesys")) {
        seeded = new TotesysGenerator().seed(c, 60, 9);
      }
      String db = "postgresql://postgres:postgres@localhost:" + pg.port() + "/";
      Path report = temp.resolve("report.json");
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine cli = new CommandLine(new Totes());
      cli.setOut(new PrintWriter(out, true));
      cli.setErr(new PrintWriter(err, true));

      int exit =
          cli.execute(
              "run",
              "--source",
              db + "totesys",
              "--warehouse",
              db + "warehouse",
              "--work-dir",
              temp.resolve("work").toString(),
              "--report",
              report.toString(),
              "--s3-endpoint",
              s3.endpoint().toString(),
              "--s3-region",
              EmbeddedS3Server.REGION,
              "--s3-access-key",
              EmbeddedS3Server.ACCESS_KEY,
              "--s3-secret-key",
              EmbeddedS3Server.SECRET_KEY,
              "--ingest-bucket",
              "raw-rows",
              "--processed-bucket",
              "parquet-rows");

      assertThat(err.toString()).as("stderr").isEmpty();
      assertThat(exit).isZero();
      // the log is not on the terminal but in the work directory, as JSON lines
      Path log = temp.resolve("work").resolve(CliLog.FILE_NAME).toAbsolutePath();
      assertThat(out.toString())
          .endsWith("log        " + log + System.lineSeparator())
          .doesNotContain("INFO");
      List<JsonNode> lines = new ArrayList<>();
      for (String line : Files.readAllLines(log)) {
        lines.add(new ObjectMapper().readTree(line));
      }
      assertThat(lines)
          .anySatisfy(
              line -> {
                assertThat(line.path("level").asText()).isEqualTo("INFO");
                assertThat(line.path("loggerName").asText()).startsWith("com.totaltotes.pipeline");
                assertThat(line.path("message").asText()).contains("00000001-");
              });
      assertThat(out.toString())
          .contains("store      S3 endpoint " + s3.endpoint())
          .containsPattern("extract +run 00000001-\\S+ +[\\d,]+ rows in")
          .containsPattern("load +run 00000001-");
      JsonNode json = new ObjectMapper().readTree(report.toFile());
      assertThat(json.path("extract").path("rows").asLong()).isEqualTo(seeded.totalRows());
      assertThat(json.path("transform").path("rejected").asLong()).isZero();
      try (Connection w = pg.connect("warehouse");
          Statement s = w.createStatement();
          ResultSet rs = s.executeQuery("select count(*) from fact_sales_order")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(seeded.rowsPerTable().get("sales_order"));
      }
    }
  }

  @Test
  void aSetAsideRunExitsWith3AndStatusAndRepairNameIt() throws Exception {
    try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start()) {
      pg.createDatabase("totesys");
      pg.createDatabase("warehouse");
      try (Connection c = pg.connect("totesys")) {
        new TotesysGenerator().seed(c, 60, 9);
      }
      String db = "postgresql://postgres:postgres@localhost:" + pg.port() + "/";
      String work = temp.resolve("work").toString();
      String[] databases = {
        "--source", db + "totesys", "--warehouse", db + "warehouse", "--work-dir", work
      };
      assertThat(totes(concat("run", databases)).exit()).isZero();

      // run 2 is extracted, then one of its files is damaged before the transform reads it
      try (Connection c = pg.connect("totesys")) {
        new TotesysGenerator().changeRound(c, 3);
      }
      String broken;
      String key;
      byte[] original;
      try (WorkspaceSession session = Workspace.local(Path.of(work)).open(true)) {
        var source =
            com.totaltotes.pipeline.credentials.ConnectionSource.fixed(
                DatabaseUri.parse("--source", db + "totesys"));
        broken =
            new Pipeline(session, java.time.Clock.systemUTC(), r -> {})
                .extract(source)
                .runIds()
                .get(0);
        var manifest =
            new com.totaltotes.pipeline.manifest.ManifestStore<>(
                    session.store(),
                    new com.totaltotes.pipeline.json.JsonCodec(),
                    session.buckets().ingest(),
                    com.totaltotes.pipeline.manifest.IngestManifest.class)
                .latest();
        key = manifest.table("payment").files().get(0).key();
        try (var in = session.store().open(session.buckets().ingest(), key)) {
          original = in.readAllBytes();
        }
        try (var out = session.store().create(session.buckets().ingest(), key)) {
          out.write(original, 0, original.length / 2);
        }
      }

      Result later = totes(concat("run", databases));
      assertThat(later.exit()).as("a run was set aside").isEqualTo(3);
      assertThat(later.err())
          .contains("totes: run " + broken + " was set aside", key, "./totes repair " + broken);
      assertThat(later.out()).contains("SET ASIDE run " + broken);
      assertThat(totes("status", "--work-dir", work).out())
          .contains("set aside (later runs went on)", broken, "no: ./totes repair " + broken);

      try (WorkspaceSession session = Workspace.local(Path.of(work)).open(true);
          var out = session.store().create(session.buckets().ingest(), key)) {
        out.write(original); // restored from the object's previous version
      }
      Result repair = totes(concat(new String[] {"repair", broken}, databases));
      assertThat(repair.err()).isEmpty();
      assertThat(repair.exit()).isZero();
      assertThat(totes("status", "--work-dir", work).out()).contains(broken + "  transform  yes");
      assertThat(totes("repair", "not-a-run", "--work-dir", work).exit()).isEqualTo(2);
      assertThat(totes("status", "--work-dir", work, "--warehouse", db + "warehouse").out())
          .contains("reconciliation with localhost:" + pg.port() + "/warehouse")
          .containsPattern("sales_order +[\\d,]+ +[\\d,]+ +0 +0")
          .containsPattern("payment +[\\d,]+ +[\\d,]+ +0 +0")
          .containsPattern("department +[\\d,]+ +\\(joined\\)");
    }
  }

  private record Result(int exit, String out, String err) {}

  private static Result totes(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Totes());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  private static String[] concat(String first, String[] rest) {
    return concat(new String[] {first}, rest);
  }

  private static String[] concat(String[] first, String[] rest) {
    String[] all = java.util.Arrays.copyOf(first, first.length + rest.length);
    System.arraycopy(rest, 0, all, first.length, rest.length);
    return all;
  }
}
