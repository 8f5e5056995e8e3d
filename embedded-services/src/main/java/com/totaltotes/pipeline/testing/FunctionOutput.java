package com.totaltotes.pipeline.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What a function printed while a test ran: its log lines and its EMF metric lines. A
 * {@code @QuarkusTest} runs the function in the test's JVM ({@link #inThisJvm()}); a
 * {@code @QuarkusIntegrationTest} runs the packaged function as its own process, whose output
 * Quarkus writes to {@code target/quarkus.log} ({@link #packagedFunction()}). Handler tests ask for
 * {@code capture()} and their IT subclasses override it, so the same assertions run against both.
 */
public interface FunctionOutput extends AutoCloseable {
  /** Everything printed since the capture started. */
  String text();

  @Override
  void close();

  /** Log records and stdout of this JVM, from now until closed. */
  static FunctionOutput inThisJvm() {
    List<String> lines = new CopyOnWriteArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            String msg = r.getMessage();
            if (r.getParameters() != null && msg != null) {
              msg = msg + " " + Arrays.toString(r.getParameters());
            }
            lines.add(msg + (r.getThrown() == null ? "" : " " + r.getThrown()));
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger.getLogger("").addHandler(handler);
    PrintStream stdout = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(
        new PrintStream(
            new OutputStream() {
              @Override
              public void write(int b) {
                stdout.write(b);
                printed.write(b);
              }

              @Override
              public void write(byte[] b, int off, int len) {
                stdout.write(b, off, len);
                printed.write(b, off, len);
              }
            },
            true,
            StandardCharsets.UTF_8));
    return new FunctionOutput() {
      @Override
      public String text() {
        return String.join("\n", lines) + "\n" + printed.toString(StandardCharsets.UTF_8);
      }

      @Override
      public void close() {
        System.setOut(stdout);
        Logger.getLogger("").removeHandler(handler);
      }
    };
  }

  /** The packaged function's log, {@code target/quarkus.log}, from its current end on. */
  static FunctionOutput packagedFunction() {
    return logFile(Path.of("target", "quarkus.log"));
  }

  /** The part of {@code log} written from now on. */
  static FunctionOutput logFile(Path log) {
    long start = size(log);
    return new FunctionOutput() {
      @Override
      public String text() {
        try {
          byte[] all = Files.readAllBytes(log);
          return new String(all, (int) start, all.length - (int) start, StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public void close() {}
    };
  }

  private static long size(Path log) {
    try {
      return Files.exists(log) ? Files.size(log) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
