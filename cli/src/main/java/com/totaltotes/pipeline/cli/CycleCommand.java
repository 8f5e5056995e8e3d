package com.totaltotes.pipeline.cli;

import com.totaltotes.pipeline.credentials.ConnectionSource;
import com.totaltotes.pipeline.run.RunId;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Base of the commands that run one extract → transform → load cycle against real databases ({@code
 * run}, {@code repair}): their shared options and the cycle itself.
 */
abstract class CycleCommand extends PipelineCommand {
  @Option(
      names = "--source",
      paramLabel = "URI",
      defaultValue = "${env:TOTES_SOURCE}",
      description = "The totesys database (default: TOTES_SOURCE).")
  String source;

  @Option(
      names = "--warehouse",
      paramLabel = "URI",
      defaultValue = "${env:TOTES_WAREHOUSE}",
      description = "The warehouse database (default: TOTES_WAREHOUSE).")
  String warehouse;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description =
          "Write {\"extract\":{\"rows\":N,\"seconds\":S},\"transform\":{\"rows\":N,"
              + "\"rejected\":N,\"seconds\":S},\"load\":{\"rows\":N,\"seconds\":S}} to FILE.")
  Path report;

  @Option(
      names = "--source-time-zone",
      paramLabel = "ZONE",
      defaultValue = "UTC",
      description =
          "The time zone the source writes its zone-less last_updated in (default:"
              + " ${DEFAULT-VALUE}); no watermark moves past the database's clock read in it.")
  ZoneId sourceTimeZone;

  @Option(
      names = "--max-rows-per-run",
      paramLabel = "ROWS",
      defaultValue = "1000000",
      description =
          "The most source rows one extract run reads (default: ${DEFAULT-VALUE}; 0: no cap). A"
              + " larger backlog is done in several complete runs, each extracted, transformed"
              + " and loaded before the next; one line per run shows the rows left.")
  long maxRowsPerRun;

  @Mixin StoreOptions store;

  /**
   * One cycle whose extract also repairs {@code repairs}; writes the report file when asked and
   * names every run set aside (exit code 3).
   */
  protected void cycle(List<RunId> repairs) {
    secret(store.secretKey());
    ConnectionSource sourceDb = ConnectionSource.fixed(database("--source", source));
    ConnectionSource warehouseDb = ConnectionSource.fixed(database("--warehouse", warehouse));
    try (WorkspaceSession session = store.workspace().open(true)) {
      out().println("store      " + session.describe());
      CycleReport cycle =
          newPipeline(session, Clock.systemUTC(), sourceTimeZone)
              .maxRowsPerRun(maxRowsPerRun)
              .cycle(sourceDb, warehouseDb, repairs);
      if (report != null) {
        new ReportFile().write(report, cycle);
      }
      reportSetAside(cycle);
    }
  }
}
