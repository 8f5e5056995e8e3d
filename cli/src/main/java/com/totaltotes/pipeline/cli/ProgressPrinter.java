package com.totaltotes.pipeline.cli;

import com.totaltotes.pipeline.run.RowProgress;
import com.totaltotes.pipeline.run.Stage;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Prints one line per finished stage, e.g. {@code extract run 00000002-20261124T115000Z 12,345 rows
 * in 1.2 s}, and, while a long stage runs, its rows so far and rate at most once a second:
 * rewritten in place on a terminal, as plain lines otherwise (a log file, CI).
 */
public final class ProgressPrinter implements Consumer<StageReport>, RowProgress {
  private static final long INTERVAL_NANOS = 1_000_000_000L;

  private final PrintWriter out;
  private final boolean terminal;
  private final LongSupplier nanoTime;
  private String stage;
  private long stageRows;
  private long stageStart;
  private long lastPrint;
  private int pendingWidth;

  /** A printer that decides by itself whether it writes to a terminal. */
  public ProgressPrinter(PrintWriter out) {
    this(out, System.console() != null);
  }

  public ProgressPrinter(PrintWriter out, boolean terminal) {
    this(out, terminal, System::nanoTime);
  }

  /** With the time source given (tests). */
  ProgressPrinter(PrintWriter out, boolean terminal, LongSupplier nanoTime) {
    this.out = out;
    this.terminal = terminal;
    this.nanoTime = nanoTime;
  }

  @Override
  public synchronized void accept(StageReport report) {
    clearPending();
    out.println(line(report));
    out.flush();
    stage = null;
  }

  @Override
  public synchronized void advanced(Stage stageOf, String table, long rows) {
    String stageName = stageOf.id();
    long now = nanoTime.getAsLong();
    if (!stageName.equals(stage)) {
      stage = stageName;
      stageRows = 0;
      stageStart = now;
      lastPrint = now;
    }
    stageRows += rows;
    if (now - lastPrint < INTERVAL_NANOS) {
      return;
    }
    lastPrint = now;
    double seconds = (now - stageStart) / 1e9;
    String line =
        String.format(
            Locale.US,
            "%-10s %,d rows so far, %,.0f rows/s (%s)",
            stageName,
            stageRows,
            stageRows / Math.max(seconds, 1e-3),
            table);
    if (terminal) {
      clearPending();
      out.print(line);
      pendingWidth = line.length();
    } else {
      out.println(line);
    }
    out.flush();
  }

  private void clearPending() {
    if (pendingWidth > 0) {
      out.print("\r" + " ".repeat(pendingWidth) + "\r");
      pendingWidth = 0;
    }
  }

  /** The line for a stage. */
  public static String line(StageReport r) {
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-10s ", r.stage().id()));
    List<String> runs = r.runIds();
    if (runs.isEmpty()) {
      s.append("no pending run");
    } else {
      s.append(
          runs.size() == 1
              ? "run " + runs.get(0)
              : "runs "
                  + runs.get(0)
                  + " .. "
                  + runs.get(runs.size() - 1)
                  + " ("
                  + runs.size()
                  + ")");
      s.append(String.format(Locale.US, "  %,d rows", r.rows()));
      switch (r.stage()) {
        case EXTRACT -> {
          if (r.deleted() > 0) {
            s.append(String.format(Locale.US, ", %,d deleted in the source", r.deleted()));
          }
          if (r.backlog() > 0) {
            s.append(String.format(Locale.US, ", %,d rows left for the next run", r.backlog()));
          }
        }
        case TRANSFORM -> s.append(String.format(Locale.US, ", %,d rejected", r.rejected()));
        case LOAD -> {
          s.append(" inserted or updated");
          if (r.skippedRuns() > 0) {
            s.append(String.format(Locale.US, ", %d run(s) already loaded", r.skippedRuns()));
          }
        }
        default -> {}
      }
    }
    s.append(String.format(Locale.ROOT, " in %.1f s", r.elapsed().toMillis() / 1000.0));
    r.setAside()
        .forEach(
            (run, reason) ->
                s.append(System.lineSeparator())
                    .append(
                        String.format(Locale.ROOT, "%-10s SET ASIDE run %s: %s", "", run, reason)));
    return s.toString();
  }
}
