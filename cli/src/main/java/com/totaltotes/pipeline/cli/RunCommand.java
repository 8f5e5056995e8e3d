package com.totaltotes.pipeline.cli;

import java.util.List;
import picocli.CommandLine.Command;

/** {@code totes run}: one incremental extract → transform → load cycle against real databases. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    header = "One incremental extract -> transform -> load cycle against your databases.",
    description = {
      "Run one incremental cycle: extract the rows changed since the last run from the source,"
          + " transform every pending run to Parquet, load every pending run into the warehouse"
          + " (creating or migrating its schema first).",
      "The object store is an embedded S3 server whose files live under --work-dir, so the next"
          + " run with the same directory is incremental; --s3-endpoint uses an S3 API instead.",
      "URIs: postgresql://user:password@host:port/dbname or"
          + " jdbc:postgresql://host:port/dbname?user=...&password=... (percent-encode special"
          + " characters of the password)."
    })
final class RunCommand extends CycleCommand {

  @Override
  protected void execute() {
    cycle(List.of());
  }
}
