package com.totaltotes.pipeline.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When a load counts the warehouse: once per hour of runs loaded, not on every invocation. */
class ReconciliationTest {
  private static Instant at(String time) {
    return Instant.parse("2026-12-07T" + time + "Z");
  }

  @Test
  void theFirstLoadedRunCounts() {
    assertThat(Reconciliation.due(null, at("10:20:00"))).isTrue();
  }

  @Test
  void nothingLoadedCountsNothing() {
    assertThat(Reconciliation.due(null, null)).isFalse();
    assertThat(Reconciliation.due(at("10:20:00"), at("10:20:00"))).isFalse();
  }

  @Test
  void aRunOfTheSameHourDoesNotCountARunOfTheNextHourDoes() {
    assertThat(Reconciliation.due(at("10:20:00"), at("10:59:59"))).isFalse();
    assertThat(Reconciliation.due(at("10:50:00"), at("11:00:00"))).isTrue();
    assertThat(Reconciliation.due(at("10:50:00"), at("13:10:00"))).isTrue();
  }
}
