package com.totaltotes.pipeline.cli;

import com.totaltotes.pipeline.credentials.ConnectionSource;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code totes run}: one incremental extract → transform → load cycle against real databases. */
@Command(name = "run", mixinStandardHelpOptions = true,
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
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:the cycle completed, every run done", "1:a stage failed (reason on stderr)",
        "2:bad usage", "3:the cycle completed but set a run aside (named on stderr, with its repair command)"})
final class RunCommand extends PipelineCommand {
  @Option(names = "--source", paramLabel = "URI", defaultValue = "${env:TOTES_SOURCE}",
      description = "The totesys database (default: TOTES_SOURCE).")
  String source;

  @Option(names = "--warehouse", paramLabel = "URI", defaultValue = "${env:TOTES_WAREHOUSE}",
      description = "The warehouse database (default: TOTES_WAREHOUSE).")
  String warehouse;

  @Option(names = "--report", paramLabel = "FILE",
      description = "Write {\"extract\":{\"rows\":N,\"seconds\":S},\"transform\":{\"rows\":N,"
          + "\"rejected\":N,\"seconds\":S},\"load\":{\"rows\":N,\"seconds\":S}} to FILE.")
  Path report;

  @Option(names = "--source-time-zone", paramLabel = "ZONE", defaultValue = "UTC",
      description = "The time zone the source writes its zone-less last_updated in (default: ${DEFAULT-VALUE});"
          + " no watermark moves past the database's clock read in it.")
  java.time.ZoneId sourceTimeZone;

  @Mixin StoreOptions store;

  @Override
  protected void execute() {
    secret(store.secretKey());
    ConnectionSource sourceDb = ConnectionSource.fixed(database("--source", source));
    ConnectionSource warehouseDb = ConnectionSource.fixed(database("--warehouse", warehouse));
    Workspace workspace = store.workspace();
    try (WorkspaceSession session = workspace.open(true)) {
      out().println("store      " + session.describe());
      CycleReport cycle = newPipeline(session, Clock.systemUTC(), sourceTimeZone)
          .cycle(sourceDb, warehouseDb);
      if (report != null) {
        new ReportFile().write(report, cycle);
      }
      reportSetAside(cycle);
    }
  }
}
