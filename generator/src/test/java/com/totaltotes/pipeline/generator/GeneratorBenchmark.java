package com.totaltotes.pipeline.generator;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Locale;

/**
 * Times {@link TotesysGenerator#seed} against a fresh embedded PostgreSQL 16 (zonky, default
 * settings). Not a test: run it by hand.
 *
 * <pre>
 * cd /work/main
 * ./mvnw -o -q -pl generator -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * java -cp generator/target/classes:generator/target/test-classes:$(cat generator/target/test-classpath.txt) \
 *     com.totaltotes.pipeline.generator.GeneratorBenchmark [orders=1000000] [seed=42]
 * </pre>
 */
public final class GeneratorBenchmark {

  private GeneratorBenchmark() {}

  /**
   * @param args optional: number of sales orders (default 1,000,000), seed (default 42)
   */
  public static void main(String[] args) throws Exception {
    int orders = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 42L;
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      try (Connection admin = postgres.getPostgresDatabase().getConnection();
          Statement s = admin.createStatement()) {
        s.execute("CREATE DATABASE totesys_benchmark");
      }
      try (Connection c =
          DriverManager.getConnection(postgres.getJdbcUrl("postgres", "totesys_benchmark"))) {
        SeedSummary summary = new TotesysGenerator().seed(c, orders, seed);
        summary
            .rowsPerTable()
            .forEach((table, rows) -> System.out.printf(Locale.ROOT, "%-15s %,12d%n", table, rows));
        double seconds = summary.elapsed().toMillis() / 1000.0;
        System.out.printf(
            Locale.ROOT,
            "%,d sales orders, %,d rows in %.1f s (%,.0f rows/s)%n",
            orders,
            summary.totalRows(),
            seconds,
            summary.totalRows() / seconds);
      }
    }
  }
}
