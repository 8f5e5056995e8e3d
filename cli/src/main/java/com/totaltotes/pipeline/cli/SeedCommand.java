package com.totaltotes.pipeline.cli;

import com.totaltotes.pipeline.credentials.ConnectionSource;
import com.totaltotes.pipeline.generator.SeedSummary;
import com.totaltotes.pipeline.generator.TotesysGenerator;
import java.sql.Connection;
import java.time.LocalDateTime;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code totes seed}: creates and fills the totesys schema in an empty database. */
@Command(
    name = "seed",
    mixinStandardHelpOptions = true,
    header = "Create and fill the totesys schema in an empty database (test data).",
    description = {
      "Create the totesys schema in an empty database and fill its eleven tables with"
          + " deterministic test data: ORDERS sales orders, about 3 purchase orders per 7 sales"
          + " orders, a transaction and a payment per order, and the reference tables.",
      "The rows' timestamps span the 30 days after --base; the same arguments give the same rows."
    })
final class SeedCommand extends PipelineCommand {
  @Option(
      names = "--target",
      paramLabel = "URI",
      required = true,
      description = "The empty database: postgresql://user:password@host:port/dbname.")
  String target;

  @Option(
      names = "--orders",
      paramLabel = "N",
      defaultValue = "10000",
      description = "Sales orders to create (default: ${DEFAULT-VALUE}).")
  int orders;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "1",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--base",
      paramLabel = "DATETIME",
      description =
          "First timestamp, e.g. 2022-11-03T14:20:52.186 (default: 30 days and 15"
              + " minutes ago, UTC, so the data ends just before now).")
  LocalDateTime base;

  @Override
  protected void execute() throws Exception {
    ConnectionSource db = ConnectionSource.fixed(database("--target", target));
    LocalDateTime from = base == null ? recentBase() : base;
    try (Connection c = db.open()) {
      SeedSummary summary = new TotesysGenerator(from).seed(c, orders, seed);
      out()
          .println(
              String.format(
                  Locale.US,
                  "seed       %,d orders: %,d rows in %d tables of %s in %.1f s",
                  orders,
                  summary.totalRows(),
                  summary.rowsPerTable().size(),
                  db.describe(),
                  summary.elapsed().toMillis() / 1000.0));
      summary
          .rowsPerTable()
          .forEach(
              (table, rows) ->
                  out().println(String.format(Locale.US, "             %-15s %,9d", table, rows)));
    }
  }

  /** 30 days and 15 minutes before now (UTC): a demo's data ends minutes before its first run. */
  static LocalDateTime recentBase() {
    return LocalDateTime.now(java.time.ZoneOffset.UTC).minusDays(30).minusMinutes(15);
  }
}
