package com.totaltotes.pipeline.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TimeBudgetTest {
  private final AtomicLong left = new AtomicLong(300_000);
  private final Deadline deadline = Deadline.of(left::get);

  @Test
  void theFirstRunIsAlwaysDoneThenTheMeasuredRateDecides() {
    TimeBudget budget = new TimeBudget(deadline, Duration.ofSeconds(60), 10_000);
    left.set(1_000); // less than the margin: the first run is done all the same
    assertThat(budget.allows(1_000_000)).isTrue();
    budget.done(100_000, Duration.ofSeconds(10).toNanos()); // 10,000 rows/s measured
    left.set(300_000);
    // 1M rows at 10k rows/s x 1.5 = 150 s < 300 s - 60 s
    assertThat(budget.allows(1_000_000)).isTrue();
    // 2M rows: 300 s > 240 s
    assertThat(budget.allows(2_000_000)).isFalse();
    assertThat(budget.rowsPerSecond()).isEqualTo(10_000);
  }

  @Test
  void withoutADeadlineEveryRunFits() {
    TimeBudget budget = new TimeBudget(Deadline.NONE, Duration.ofSeconds(60), 1);
    budget.done(1, 1);
    assertThat(budget.allows(Long.MAX_VALUE / 2)).isTrue();
  }

  @Test
  void aContextWithoutARealDeadlineMeansNone() {
    assertThat(Deadline.ofInvocation(() -> 0).bounded()).isFalse();
    assertThat(Deadline.ofInvocation(() -> 5_000).bounded()).isTrue();
    assertThat(Continuation.isRequest("_continue/load/20261130T051706.123Z-ab.json", Stage.LOAD))
        .isTrue();
    assertThat(Continuation.isRequest("_continue/load/x.json", Stage.TRANSFORM)).isFalse();
    assertThat(Continuation.isRequest("_manifests/00000001-20261130T051706Z.json", Stage.LOAD))
        .isFalse();
  }
}
