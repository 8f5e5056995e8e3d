package com.totaltotes.pipeline.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Prints one line per finished stage, e.g.
 * {@code extract    run 00000002-20261124T115000Z  12,345 rows in 1.2 s}.
 */
public final class ProgressPrinter implements Consumer<StageReport> {
  private final PrintWriter out;

  public ProgressPrinter(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void accept(StageReport report) {
    out.println(line(report));
    out.flush();
  }

  /** The line for a stage. */
  public static String line(StageReport r) {
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-10s ", r.stage().label()));
    List<String> runs = r.runIds();
    if (runs.isEmpty()) {
      s.append("no pending run");
    } else {
      s.append(runs.size() == 1
          ? "run " + runs.get(0)
          : "runs " + runs.get(0) + " .. " + runs.get(runs.size() - 1) + " (" + runs.size() + ")");
      s.append(String.format(Locale.US, "  %,d rows", r.rows()));
      switch (r.stage()) {
        case TRANSFORM -> s.append(String.format(Locale.US, ", %,d rejected", r.rejected()));
        case LOAD -> {
          s.append(" inserted or updated");
          if (r.skippedRuns() > 0) {
            s.append(String.format(Locale.US, ", %d run(s) already loaded", r.skippedRuns()));
          }
        }
        default -> { }
      }
    }
    s.append(String.format(Locale.ROOT, " in %.1f s", r.elapsed().toMillis() / 1000.0));
    return s.toString();
  }
}
