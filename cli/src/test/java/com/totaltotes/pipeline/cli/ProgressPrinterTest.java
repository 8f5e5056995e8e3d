package com.totaltotes.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.totaltotes.pipeline.run.Stage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  @Test
  void reportsRowsAndRateAtMostOncePerSecondAsPlainLinesOffATerminal() {
    StringWriter text = new StringWriter();
    ProgressPrinter printer = new ProgressPrinter(new PrintWriter(text), false, nanos::get);
    printer.advanced(Stage.EXTRACT, "payment", 100_000);
    nanos.addAndGet(500_000_000L);
    printer.advanced(Stage.EXTRACT, "payment", 100_000); // within the same second: not printed
    assertThat(text.toString()).isEmpty();
    nanos.addAndGet(1_000_000_000L);
    printer.advanced(Stage.EXTRACT, "payment", 100_000);
    assertThat(text.toString())
        .isEqualTo(
            "extract    300,000 rows so far, 200,000 rows/s (payment)" + System.lineSeparator());
  }

  @Test
  void onATerminalTheProgressLineIsRewrittenAndClearedBeforeTheStageLine() {
    StringWriter text = new StringWriter();
    ProgressPrinter printer = new ProgressPrinter(new PrintWriter(text), true, nanos::get);
    printer.advanced(Stage.LOAD, "fact_payment", 5);
    nanos.addAndGet(2_000_000_000L);
    printer.advanced(Stage.LOAD, "fact_payment", 5);
    String progress = "load       10 rows so far, 5 rows/s (fact_payment)";
    assertThat(text.toString()).isEqualTo(progress);
    printer.accept(
        new StageReport(
            Stage.LOAD, List.of("00000001-20261124T115000Z"), 10, 0, 0, Duration.ofMillis(1500)));
    assertThat(text.toString())
        .endsWith(
            "\r"
                + " ".repeat(progress.length())
                + "\r"
                + "load       run 00000001-20261124T115000Z  10 rows inserted or updated in 1.5 s"
                + System.lineSeparator());
  }
}
