package com.totaltotes.pipeline.cli;

import java.nio.file.Files;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code totes status}: the runs and watermarks recorded in a work directory's store. */
@Command(name = "status", mixinStandardHelpOptions = true,
    header = "Last runs, watermarks, rows and rejects recorded in a work dir.",
    description = "Show the last extract and transform runs recorded in the store (rows, rejects,"
        + " runs still pending) and the watermark per source table after the newest extract."
        + " Reads the manifests only; changes nothing.")
final class StatusCommand extends PipelineCommand {
  @Mixin StoreOptions store;

  @Option(names = "--runs", paramLabel = "N", defaultValue = "10",
      description = "How many of the last runs to list (default: ${DEFAULT-VALUE}).")
  int runs;

  @Override
  protected void execute() {
    secret(store.secretKey());
    Workspace workspace = store.workspace();
    if (workspace.embedded() && !Files.isDirectory(workspace.workDir().resolve("s3"))) {
      out().println("no pipeline state in " + workspace.workDir() + " yet (nothing has run there)");
      return;
    }
    try (WorkspaceSession session = workspace.open(false)) {
      out().print(new StatusReport(session).render(Math.max(1, runs)));
    }
  }
}
