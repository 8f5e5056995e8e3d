package com.totaltotes.pipeline.cli;

import com.totaltotes.pipeline.credentials.DatabaseLogin;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Base of the subcommands: exit code 0 on success; on failure exit code 1 and one line {@code
 * totes: <reason>} on stderr, with the stack trace only under {@code --verbose}. No secret that the
 * command was given ever appears in that line.
 */
abstract class PipelineCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--verbose",
      description =
          "Print the log (JSON lines) on stderr instead of appending it to totes.log in the work"
              + " directory, and the stack trace of a failure.")
  boolean verbose;

  private final List<String> secrets = new ArrayList<>();

  /** Exit code when a run was set aside (the cycle completed; the report names the run). */
  static final int SET_ASIDE = 3;

  /** The exit code of a command that completed; a command sets it to {@link #SET_ASIDE}. */
  protected int exitCode;

  @Override
  public final Integer call() {
    Path log = null;
    long logged = 0;
    try {
      log = CliLog.configure(workDir(), verbose);
      logged = size(log);
      execute();
      return exitCode;
    } catch (Exception | LinkageError e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("totes: " + FailureMessage.of(e, secrets));
      if (verbose) {
        e.printStackTrace(err);
      }
      err.flush();
      return 1;
    } finally {
      if (log != null && size(log) > logged) {
        out().println("log        " + log);
      }
      out().flush();
    }
  }

  /** The directory whose totes.log receives the log: {@code --work-dir}, or the default one. */
  protected Path workDir() {
    return Workspace.defaultWorkDir();
  }

  private static long size(Path file) {
    try {
      return file == null || !Files.exists(file) ? 0 : Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  /** The command's work; any exception becomes exit code 1 with a one-line reason. */
  protected abstract void execute() throws Exception;

  /** Standard output of the command line. */
  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** The pipeline over {@code session}, printing a line per stage and progress on long stages. */
  protected Pipeline newPipeline(WorkspaceSession session, java.time.Clock clock) {
    ProgressPrinter printer = new ProgressPrinter(out());
    return new Pipeline(session, clock, printer, printer);
  }

  /** The same, with the zone the source writes last_updated in. */
  protected Pipeline newPipeline(
      WorkspaceSession session, java.time.Clock clock, java.time.ZoneId sourceTimeZone) {
    ProgressPrinter printer = new ProgressPrinter(out());
    return new Pipeline(session, clock, printer, printer, sourceTimeZone);
  }

  /**
   * Names every run the cycle set aside on stderr, with the repair command, and makes the exit code
   * {@link #SET_ASIDE}.
   */
  protected void reportSetAside(CycleReport cycle) {
    reportSetAside(cycle.transform(), cycle.load(), "./totes repair ");
  }

  /**
   * Names every run {@code transform} and {@code load} set aside on stderr, each followed by what
   * to do once its cause is fixed ({@code repair}, then the run id), and makes the exit code {@link
   * #SET_ASIDE}. A run set aside because its manifest is not one (garbage under a run's name) gets
   * the advice to move the object away instead: there is nothing to repair.
   */
  protected void reportSetAside(StageReport transform, StageReport load, String repair) {
    java.util.Map<String, String> runs = new java.util.LinkedHashMap<>(transform.setAside());
    runs.putAll(load.setAside());
    if (runs.isEmpty()) {
      return;
    }
    PrintWriter err = spec.commandLine().getErr();
    runs.forEach(
        (run, reason) ->
            err.println(
                "totes: run "
                    + run
                    + " was set aside ("
                    + reason
                    + "); later runs went on. "
                    + (isNotAManifest(reason)
                        ? "If the pipeline did not write that manifest, there is nothing to"
                            + " repair: move the object out of _manifests/. Otherwise, once the"
                            + " cause is fixed: "
                        : "Once the cause is fixed: ")
                    + repair
                    + run));
    err.flush();
    exitCode = SET_ASIDE;
  }

  private static boolean isNotAManifest(String reason) {
    return reason.contains("is not a valid ") && reason.contains("Manifest")
        || reason.contains(", not of the run its name says");
  }

  /** Parses a database URI option and remembers its password for masking. */
  protected DatabaseLogin database(String option, String uri) {
    DatabaseLogin secret = DatabaseUri.parse(option, uri);
    secret(secret.password());
    return secret;
  }

  /** Remembers a secret that must never appear in a failure message. */
  protected void secret(String value) {
    if (value != null && !value.isEmpty()) {
      secrets.add(value);
    }
  }
}
