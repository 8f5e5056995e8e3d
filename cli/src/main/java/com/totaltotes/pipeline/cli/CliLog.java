package com.totaltotes.pipeline.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Where a command's log goes: the terminal shows the command's own lines (progress, summaries, a
 * failure's one-line reason); the log, as JSON lines (logback's {@link JsonEncoder}: the pipeline's
 * INFO lines and everyone's warnings), is appended to {@code <work dir>/totes.log}, or written to
 * stderr under {@code --verbose}.
 */
final class CliLog {
  static final String FILE_NAME = "totes.log";

  private CliLog() {}

  /**
   * Sends the log to {@code workDir}/totes.log, or to stderr when {@code verbose}; returns the log
   * file, or null when it goes to stderr.
   */
  static Path configure(Path workDir, boolean verbose) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return null; // another logging backend: left as it is configured
    }
    Path file = workDir.resolve(FILE_NAME).toAbsolutePath().normalize();
    OutputStreamAppender<ILoggingEvent> appender;
    if (verbose) {
      ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
      console.setTarget("System.err");
      appender = console;
    } else {
      try {
        Files.createDirectories(file.getParent());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the work directory " + workDir, e);
      }
      FileAppender<ILoggingEvent> log = new FileAppender<>();
      log.setFile(file.toString());
      log.setAppend(true);
      appender = log;
    }
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(context);
    encoder.start();
    appender.setContext(context);
    appender.setName("totes");
    appender.setEncoder(encoder);
    appender.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.detachAndStopAllAppenders();
    root.setLevel(Level.WARN);
    root.addAppender(appender);
    context.getLogger("com.totaltotes").setLevel(Level.INFO);
    return verbose ? null : file;
  }
}
