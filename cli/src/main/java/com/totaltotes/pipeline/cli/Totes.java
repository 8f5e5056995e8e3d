package com.totaltotes.pipeline.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ./totes}: the local runner. It runs the same extract, transform and load cores as the
 * Lambda functions, wired by hand, on embedded PostgreSQL and S3 servers or on real ones.
 */
@Command(
    name = "totes",
    mixinStandardHelpOptions = true,
    version = "totes 0.1.0",
    description =
        "Run the totes pipeline (totesys -> raw JSON Lines -> Parquet -> star-schema"
            + " warehouse) locally, with the same cores as the Lambda functions.",
    subcommands = {
      DemoCommand.class,
      RunCommand.class,
      RepairCommand.class,
      SeedCommand.class,
      ChangeCommand.class,
      ReplayCommand.class,
      StatusCommand.class,
      HelpCommand.class
    })
public final class Totes implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** Without a subcommand: the usage on stderr, exit code 2. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Totes()).execute(args));
  }
}
