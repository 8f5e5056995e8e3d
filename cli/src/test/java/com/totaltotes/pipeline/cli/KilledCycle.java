package com.totaltotes.pipeline.cli;

import com.totaltotes.pipeline.credentials.ConnectionSource;
import com.totaltotes.pipeline.credentials.DatabaseLogin;
import com.totaltotes.pipeline.embedded.EmbeddedPostgresServer;
import com.totaltotes.pipeline.run.RowProgress;
import com.totaltotes.pipeline.run.Stage;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A child JVM for {@link FaultSuiteTest}: runs one cycle as {@code ./totes run} does and, at the
 * named point, prints {@code PAUSED <point>} and waits to be killed (SIGKILL). Points: {@code
 * after-extract}, {@code mid-transform} (after the first rows of a table are written), {@code
 * after-transform}, {@code mid-load} (inside the load's transaction, after a file is staged).
 */
public final class KilledCycle {
  static final String PAUSED = "PAUSED ";

  private KilledCycle() {}

  public static void main(String[] args) {
    Path workDir = Path.of(args[0]);
    int port = Integer.parseInt(args[1]);
    ConnectionSource source = database(port, args[2]);
    ConnectionSource warehouse = database(port, args[3]);
    String point = args[4];
    RowProgress rows =
        (stage, table, n) -> {
          if ((point.equals("mid-transform") && stage == Stage.TRANSFORM)
              || (point.equals("mid-load") && stage == Stage.LOAD)) {
            pause(point);
          }
        };
    try (WorkspaceSession session = Workspace.local(workDir).open(true)) {
      new Pipeline(
              session,
              Clock.systemUTC(),
              report -> {
                if (point.equals("after-" + report.stage().id())) {
                  pause(point);
                }
              },
              rows)
          .cycle(source, warehouse);
    }
    System.out.println("FINISHED without reaching " + point);
  }

  private static void pause(String point) {
    System.out.println(PAUSED + point);
    System.out.flush();
    try {
      Thread.sleep(Long.MAX_VALUE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ConnectionSource database(int port, String name) {
    return ConnectionSource.fixed(
        new DatabaseLogin(
            "postgres",
            "localhost",
            port,
            EmbeddedPostgresServer.USER,
            EmbeddedPostgresServer.PASSWORD,
            name));
  }
}
