package com.totaltotes.pipeline.cli;

import com.totaltotes.pipeline.credentials.ConnectionSource;
import com.totaltotes.pipeline.generator.ChangeSummary;
import com.totaltotes.pipeline.generator.TotesysGenerator;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code totes change}: one round of realistic OLTP changes in a seeded totesys database. */
@Command(
    name = "change",
    mixinStandardHelpOptions = true,
    header = "Apply one round of OLTP changes to a seeded totesys database.",
    description = {
      "Apply one round of OLTP changes to a seeded totesys database: a few new sales and purchase"
          + " orders with their transactions and payments, some payments marked paid, one sales"
          + " order changed, one counterparty's legal address changed, one department renamed.",
      "Changed rows get last_updated values just after the newest one in the database."
    })
final class ChangeCommand extends PipelineCommand {
  @Option(
      names = "--target",
      paramLabel = "URI",
      required = true,
      description = "The seeded database: postgresql://user:password@host:port/dbname.")
  String target;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "1",
      description = "Random seed of the round (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  protected void execute() throws Exception {
    ConnectionSource db = ConnectionSource.fixed(database("--target", target));
    try (Connection c = db.open()) {
      ChangeSummary summary = new TotesysGenerator().changeRound(c, seed);
      out().println(line(summary));
    }
  }

  /** {@code change inserted 3 sales_order, … ; updated 4 payment, … ; last_updated up to …}. */
  static String line(ChangeSummary s) {
    return "change     inserted "
        + counts(s.insertedIds())
        + "; updated "
        + counts(s.updatedIds())
        + "; last_updated up to "
        + s.maxLastUpdated();
  }

  private static String counts(Map<String, List<Integer>> ids) {
    String text =
        ids.entrySet().stream()
            .filter(e -> !e.getValue().isEmpty())
            .map(e -> e.getValue().size() + " " + e.getKey())
            .collect(Collectors.joining(", "));
    return text.isEmpty() ? "nothing" : text;
  }
}
