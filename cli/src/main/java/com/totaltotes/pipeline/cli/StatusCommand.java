package com.totaltotes.pipeline.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code totes status}: the runs and watermarks recorded in a work directory's store. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    header = "Last runs, watermarks, rows and rejects recorded in a work dir.",
    description =
        "Show the last extract and transform runs recorded in the store (rows, rejects, runs still"
            + " pending) and the watermark per source table after the newest extract. Reads the"
            + " manifests only; changes nothing. With --warehouse, also reconciles: per source"
            + " table, the rows the source had at the newest extract against the source rows the"
            + " warehouse holds (deleted ones excepted), so drift of any kind shows.")
final class StatusCommand extends PipelineCommand {
  @Mixin StoreOptions store;

  @Override
  protected Path workDir() {
    return store.workspace().workDir();
  }

  @Option(
      names = "--runs",
      paramLabel = "N",
      defaultValue = "10",
      description = "How many of the last runs to list (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(
      names = "--warehouse",
      paramLabel = "URI",
      description = "Also reconcile the source's row counts with this warehouse.")
  String warehouse;

  @Override
  protected void execute() {
    secret(store.secretKey());
    com.totaltotes.pipeline.credentials.ConnectionSource warehouseDb =
        warehouse == null
            ? null
            : com.totaltotes.pipeline.credentials.ConnectionSource.fixed(
                database("--warehouse", warehouse));
    Workspace workspace = store.workspace();
    if (workspace.embedded() && !Files.isDirectory(workspace.workDir().resolve("s3"))) {
      out().println("no pipeline state in " + workspace.workDir() + " yet (nothing has run there)");
      return;
    }
    try (WorkspaceSession session = workspace.open(false)) {
      StatusReport report = new StatusReport(session);
      out().print(report.render(Math.max(1, runs)));
      if (warehouseDb != null) {
        out().print(report.reconciliation(warehouseDb));
      }
    }
  }
}
