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
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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

      int exit = cli.execute("run", "--source", db + "totesys", "--warehouse", db + "warehouse",
          "--work-dir", temp.resolve("work").toString(), "--report", report.toString(),
          "--s3-endpoint", s3.endpoint().toString(), "--s3-region", EmbeddedS3Server.REGION,
          "--s3-access-key", EmbeddedS3Server.ACCESS_KEY, "--s3-secret-key", EmbeddedS3Server.SECRET_KEY,
          "--ingest-bucket", "raw-rows", "--processed-bucket", "parquet-rows");

      assertThat(err.toString()).as("stderr").isEmpty();
      assertThat(exit).isZero();
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
}
