package com.totaltotes.pipeline.cli;

import com.totaltotes.pipeline.credentials.ConnectionSource;
import com.totaltotes.pipeline.credentials.DatabaseLogin;
import com.totaltotes.pipeline.embedded.EmbeddedPostgresServer;
import com.totaltotes.pipeline.generator.ChangeSummary;
import com.totaltotes.pipeline.generator.SeedSummary;
import com.totaltotes.pipeline.generator.TotesysGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * {@code totes demo}: the whole pipeline on embedded services, nothing to install. Seeds a source,
 * runs a cycle, applies a change round, runs again and prints what reached the warehouse.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    header = "The whole pipeline on embedded PostgreSQL and S3, nothing to install.",
    description = {
      "Run the pipeline end to end on embedded services: start PostgreSQL (databases totesys and"
          + " warehouse) and an S3 server keeping its files under .totes/demo/s3 (deleted and"
          + " made afresh each time), seed 10,000 orders, run extract -> transform -> load, apply"
          + " one round of changes, run again, and print the warehouse: rows per table, fact"
          + " versions, rejects, freshness lag and two sample analytics queries."
    })
final class DemoCommand extends PipelineCommand {
  static final int ORDERS = 10_000;
  static final long SEED = 42;

  @Override
  protected void execute() throws Exception {
    Path demoDir = Workspace.defaultWorkDir().resolve("demo").toAbsolutePath().normalize();
    deleteRecursively(demoDir);
    long started = System.nanoTime();
    try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start()) {
      pg.createDatabase("totesys");
      pg.createDatabase("warehouse");
      out()
          .println(
              "postgres   embedded PostgreSQL on port "
                  + pg.port()
                  + ": databases totesys, warehouse");
      ConnectionSource source = database(pg, "totesys");
      ConnectionSource warehouse = database(pg, "warehouse");
      seed(source);
      long rejects;
      try (WorkspaceSession session = Workspace.local(demoDir).open(true)) {
        out().println("store      " + session.describe());
        Pipeline pipeline = newPipeline(session, Clock.systemUTC());
        rejects = pipeline.cycle(source, warehouse).transform().rejected();
        try (Connection c = source.open()) {
          ChangeSummary change = new TotesysGenerator().changeRound(c, SEED);
          out().println(ChangeCommand.line(change));
        }
        rejects += pipeline.cycle(source, warehouse).transform().rejected();
      }
      out().println();
      out()
          .print(
              new WarehouseSummary(warehouse).render(LocalDateTime.now(ZoneOffset.UTC), rejects));
      out().println();
      out()
          .println(
              String.format(
                  Locale.ROOT,
                  "demo done in %.1f s; raw and Parquet files are under %s",
                  (System.nanoTime() - started) / 1e9,
                  demoDir.resolve("s3")));
    }
  }

  private void seed(ConnectionSource source) throws Exception {
    try (Connection c = source.open()) {
      SeedSummary seeded = new TotesysGenerator(SeedCommand.recentBase()).seed(c, ORDERS, SEED);
      out()
          .println(
              String.format(
                  Locale.US,
                  "seed       %,d orders: %,d rows in %d tables in %.1f s",
                  ORDERS,
                  seeded.totalRows(),
                  seeded.rowsPerTable().size(),
                  seeded.elapsed().toMillis() / 1000.0));
    }
  }

  private static ConnectionSource database(EmbeddedPostgresServer pg, String name) {
    return ConnectionSource.fixed(
        new DatabaseLogin(
            "postgres",
            "localhost",
            pg.port(),
            EmbeddedPostgresServer.USER,
            EmbeddedPostgresServer.PASSWORD,
            name));
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
