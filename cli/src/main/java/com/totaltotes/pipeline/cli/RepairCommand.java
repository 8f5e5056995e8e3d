package com.totaltotes.pipeline.cli;

import com.totaltotes.pipeline.run.RunId;
import java.util.List;
import picocli.CommandLine.Command;

/**
 * {@code totes repair RUN}: one cycle whose extract also repairs a set-aside run: it reads the
 * run's window again and carries over its raw files that still verify, so the warehouse ends as if
 * the run had never failed.
 */
@Command(
    name = "repair",
    mixinStandardHelpOptions = true,
    header = "Repair a set-aside run: one cycle that reads its window again.",
    description = {
      "Run one cycle (extract, transform, load) whose extract also repairs each RUN, a run that the"
          + " transform or the load set aside (see ./totes status and the _failed/ records): every"
          + " table is read from the earliest of its usual window and RUN's window, and RUN's raw"
          + " files that still verify (same bytes and SHA-256) are carried into the new run ahead"
          + " of the fresh rows. Fix the cause first (restore the object, the warehouse row, ...).",
      "The object store is an embedded S3 server whose files live under --work-dir, so the next"
          + " run with the same directory is incremental; --s3-endpoint uses an S3 API instead.",
      "URIs: postgresql://user:password@host:port/dbname or"
          + " jdbc:postgresql://host:port/dbname?user=...&password=... (percent-encode special"
          + " characters of the password)."
    })
final class RepairCommand extends CycleCommand {
  @picocli.CommandLine.Parameters(
      arity = "1..*",
      paramLabel = "RUN",
      converter = RunIdConverter.class,
      description = "The run(s) to repair, e.g. 00000042-20261124T115000Z.")
  List<RunId> runs;

  /** A run id, or a usage error (exit code 2) naming the expected form. */
  static final class RunIdConverter implements picocli.CommandLine.ITypeConverter<RunId> {
    @Override
    public RunId convert(String value) {
      if (!RunId.isRunId(value)) {
        throw new picocli.CommandLine.TypeConversionException(
            "not a run id: '"
                + value
                + "' (expected <seq>-<yyyyMMddTHHmmssZ>, e.g. 00000042-20261124T115000Z)");
      }
      return RunId.parse(value);
    }
  }

  @Override
  protected void execute() {
    cycle(runs);
  }
}
