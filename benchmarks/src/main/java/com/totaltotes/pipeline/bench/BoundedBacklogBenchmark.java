package com.totaltotes.pipeline.bench;

import com.totaltotes.pipeline.cli.CycleReport;
import com.totaltotes.pipeline.cli.Pipeline;
import com.totaltotes.pipeline.cli.ProgressPrinter;
import com.totaltotes.pipeline.cli.StageReport;
import com.totaltotes.pipeline.cli.Workspace;
import com.totaltotes.pipeline.cli.WorkspaceSession;
import com.totaltotes.pipeline.credentials.ConnectionSource;
import com.totaltotes.pipeline.credentials.DatabaseLogin;
import com.totaltotes.pipeline.embedded.EmbeddedPostgresServer;
import com.totaltotes.pipeline.generator.TotesysGenerator;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The backlog proof of issue 16 at scale: a generated totesys of {@code orders} sales orders is
 * extracted, transformed and loaded in bounded runs of at most {@code cap} source rows (as {@code
 * ./totes run --max-rows-per-run} does), and once more in one uncapped run into a second warehouse.
 * Every warehouse table must hold the same rows in both (row for row, as a count, a distinct count
 * and an MD5 of the sorted rows, surrogate keys excluded), none twice. Prints one line per stage
 * and run, the totals, and exits 1 when the warehouses differ. Not a test.
 *
 * <p>Usage: {@code java -Xmx1g -cp … BoundedBacklogBenchmark <orders> <cap> <work dir>}
 */
public final class BoundedBacklogBenchmark {
  public static void main(String[] args) throws Exception {
    int orders = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    long cap = args.length > 1 ? Long.parseLong(args[1]) : 300_000;
    Path work = Path.of(args.length > 2 ? args[2] : "target/bench-bounded").toAbsolutePath();
    Files.createDirectories(work);
    PrintWriter out = new PrintWriter(System.out, true);
    try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start()) {
      ConnectionSource source = database(pg, pg.createDatabase("totesys"));
      ConnectionSource bounded = database(pg, pg.createDatabase("warehouse_bounded"));
      ConnectionSource uncapped = database(pg, pg.createDatabase("warehouse_uncapped"));
      try (Connection c = source.open()) {
        long t0 = System.nanoTime();
        var seeded = new TotesysGenerator().seed(c, orders, 42);
        out.printf(
            "seed      %,d orders, %,d rows in %.1f s%n", orders, seeded.totalRows(), secs(t0));
      }
      long t0 = System.nanoTime();
      CycleReport inRuns = cycle(work.resolve("bounded"), source, bounded, cap, out);
      double boundedSeconds = secs(t0);
      t0 = System.nanoTime();
      CycleReport once = cycle(work.resolve("uncapped"), source, uncapped, 0, out);
      double onceSeconds = secs(t0);
      out.printf(
          "bounded   %d runs of at most %,d rows: extract %.1f s, transform %.1f s, load %.1f s;"
              + " %.1f s in all%n",
          inRuns.extract().runIds().size(),
          cap,
          inRuns.extract().seconds().doubleValue(),
          inRuns.transform().seconds().doubleValue(),
          inRuns.load().seconds().doubleValue(),
          boundedSeconds);
      out.printf(
          "uncapped  1 run: extract %.1f s, transform %.1f s, load %.1f s; %.1f s in all%n",
          once.extract().seconds().doubleValue(),
          once.transform().seconds().doubleValue(),
          once.load().seconds().doubleValue(),
          onceSeconds);
      boolean same = true;
      try (Connection b = bounded.open();
          Connection u = uncapped.open()) {
        for (WarehouseTable table : WarehouseTable.values()) {
          List<String> inBounded = fingerprint(b, table);
          List<String> inOnce = fingerprint(u, table);
          boolean equal = inBounded.equals(inOnce) && inBounded.get(0).equals(inBounded.get(1));
          same &= equal;
          out.printf(
              "%-20s rows %s, distinct %s, md5 %s  %s%n",
              table.tableName(),
              inBounded.get(0),
              inBounded.get(1),
              inBounded.get(2),
              equal ? "= uncapped, none twice" : "DIFFERS from uncapped " + inOnce);
        }
      }
      out.println(same ? "warehouses equal" : "WAREHOUSES DIFFER");
      if (!same) {
        System.exit(1);
      }
    }
  }

  private static CycleReport cycle(
      Path dir, ConnectionSource source, ConnectionSource warehouse, long cap, PrintWriter out) {
    try (WorkspaceSession session = Workspace.local(dir).open(true)) {
      List<StageReport> lines = new ArrayList<>();
      return new Pipeline(
              session,
              Clock.systemUTC(),
              r -> {
                lines.add(r);
                out.println(ProgressPrinter.line(r));
              })
          .maxRowsPerRun(cap)
          .cycle(source, warehouse);
    }
  }

  /** Count, distinct count and MD5 of the sorted rows of the loaded columns. */
  private static List<String> fingerprint(Connection c, WarehouseTable table) throws Exception {
    String row = "(" + String.join(", ", table.columnNames()) + ")::text";
    String sql =
        "select count(*), count(distinct r), md5(string_agg(r, E'\\n' order by r)) from (select "
            + row
            + " as r from "
            + table.tableName()
            + ") x";
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return List.of(rs.getString(1), rs.getString(2), String.valueOf(rs.getString(3)));
    }
  }

  /** A connection source of database {@code name} of the embedded server. */
  static ConnectionSource database(EmbeddedPostgresServer pg, String name) {
    return ConnectionSource.fixed(
        new DatabaseLogin(
            "postgres",
            "localhost",
            pg.port(),
            EmbeddedPostgresServer.USER,
            EmbeddedPostgresServer.PASSWORD,
            name));
  }

  private static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
