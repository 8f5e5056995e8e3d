package com.totaltotes.pipeline.extract.lambda;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The same tests against the packaged function (the JVM jar here, the native executable in CI),
 * whose output Quarkus writes to {@code target/quarkus.log}.
 */
@QuarkusIntegrationTest
class ExtractHandlerIT extends ExtractHandlerTest {
  @Override
  protected OutputCapture capture() {
    return new LogFileCapture(Path.of("target", "quarkus.log"));
  }

  /** The part of the packaged app's log written while the capture was open. */
  static final class LogFileCapture implements OutputCapture {
    private final Path log;
    private final long start;

    LogFileCapture(Path log) {
      this.log = log;
      this.start = size();
    }

    private long size() {
      try {
        return Files.exists(log) ? Files.size(log) : 0;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

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
  }
}
