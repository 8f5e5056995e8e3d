package com.totaltotes.pipeline.cli;

import com.totaltotes.pipeline.credentials.ConnectionSource;
import com.totaltotes.pipeline.extract.ExtractConfig;
import com.totaltotes.pipeline.run.RunId;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Base of the commands that run one extract → transform → load cycle against real databases ({@code
 * run}, {@code repair}): their shared options, exit codes (picocli reads this class' {@code
 * Command} attributes for the subclasses' help) and the cycle itself.
 */
@Command(
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:the cycle completed, every run done",
      "1:a stage failed (reason on stderr)",
      "2:bad usage",
      "3:the cycle completed but set a run aside (named on stderr, with its repair command)"
    })
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
      description =
          "The time zone the source writes its zone-less last_updated in (default: the extract"
              + " function's, extract.source-time-zone); no watermark moves past the database's"
              + " clock read in it.")
  ZoneId sourceTimeZone;

  @Option(
      names = "--max-rows-per-run",
      paramLabel = "ROWS",
      description =
          "The most source rows one extract run reads (default: the extract function's,"
              + " extract.max-rows-per-run; 0: no cap). A larger backlog is done in several"
              + " complete runs, each extracted, transformed and loaded before the next; one line"
              + " per run shows the rows left.")
  Long maxRowsPerRun;

  /** The row cap of each extract run: the option, or the extract function's default. */
  protected long maxRowsPerRun() {
    return maxRowsPerRun != null ? maxRowsPerRun : ExtractConfig.DEFAULT_MAX_ROWS_PER_RUN;
  }

  @Mixin StoreOptions store;

  @Override
  protected Path workDir() {
    return store.workspace().workDir();
  }

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
              .maxRowsPerRun(maxRowsPerRun())
              .cycle(sourceDb, warehouseDb, repairs);
      if (report != null) {
        new ReportFile().write(report, cycle);
      }
      reportSetAside(cycle);
    }
  }
}
