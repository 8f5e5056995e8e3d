package com.totaltotes.pipeline.cli;

import com.totaltotes.pipeline.credentials.ConnectionSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code totes replay}: transform and load again from the raw files in the ingest bucket. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    header = "Transform and load again from the raw files already in the store.",
    description = {
      "Re-run transform and load from the raw files already in the ingest bucket (recovery,"
          + " backfill). Nothing is extracted and the source database is not needed.",
      "The transform writes into a fresh processed bucket, processed-replay-<UTC time> (or"
          + " --into), in run order; the regular processed bucket is left as it is and later runs"
          + " go on from it. The loader then loads every run of the fresh bucket: runs already in"
          + " the warehouse's load ledger are skipped and rows already present are not added"
          + " again, so replaying into an up-to-date warehouse changes nothing, while an emptied or"
          + " restored warehouse is filled again.",
      "With --from RUN only RUN and the runs after it are transformed again: the processed run"
          + " just before RUN (its dimension state included) is first copied from the regular"
          + " processed bucket."
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:the replay completed, every run done",
      "1:a stage failed (reason on stderr)",
      "2:bad usage",
      "3:the replay completed but set a run aside (named on stderr): later loads of that bucket"
          + " skip it"
    })
final class ReplayCommand extends PipelineCommand {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd't'HHmmss").withZone(ZoneOffset.UTC);

  @Option(
      names = "--warehouse",
      paramLabel = "URI",
      defaultValue = "${env:TOTES_WAREHOUSE}",
      description = "The warehouse database (default: TOTES_WAREHOUSE).")
  String warehouse;

  @Option(
      names = "--from",
      paramLabel = "RUN",
      description = "First ingest run to replay: a run id or its sequence number (default: all).")
  String from;

  @Option(
      names = "--into",
      paramLabel = "BUCKET",
      description = "The fresh processed bucket to write (default: processed-replay-<UTC time>).")
  String into;

  @Mixin StoreOptions store;

  @Override
  protected Path workDir() {
    return store.workspace().workDir();
  }

  @Override
  protected void execute() {
    secret(store.secretKey());
    ConnectionSource warehouseDb = ConnectionSource.fixed(database("--warehouse", warehouse));
    Clock clock = Clock.systemUTC();
    String bucket = into != null ? into : "processed-replay-" + STAMP.format(clock.instant());
    Workspace workspace = store.workspace();
    try (WorkspaceSession session = workspace.open(true)) {
      out().println("store      " + session.describe() + "; replaying into bucket " + bucket);
      Pipeline pipeline = newPipeline(session, clock);
      Replay.Result result = new Replay(session, pipeline).run(warehouseDb, bucket, from);
      // a run set aside in a replay is skipped by later loads of that bucket: say so, exit 3
      reportSetAside(
          result.transform(),
          result.load(),
          "./totes replay again (./totes repair mends the regular chain, not a replay bucket);"
              + " run ");
    }
  }
}
