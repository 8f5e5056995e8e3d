package com.totaltotes.pipeline.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunIdTest {
  @Test
  void formatsSeqAndUtcStart() {
    RunId id = new RunId(42, Instant.parse("2026-11-24T11:50:00.789Z"));
    assertThat(id).hasToString("00000042-20261124T115000Z");
    assertThat(RunId.parse("00000042-20261124T115000Z")).isEqualTo(id);
  }

  @Test
  void nextRunFollowsPreviousSeq() {
    Instant now = Instant.parse("2026-11-24T12:00:00Z");
    assertThat(RunId.next(null, now).seq()).isEqualTo(1);
    assertThat(RunId.next(new RunId(9, now), now)).hasToString("00000010-20261124T120000Z");
  }

  @Test
  void runIdsSortLexicallyInRunOrder() {
    RunId a = new RunId(9, Instant.parse("2027-01-01T00:00:00Z"));
    RunId b = new RunId(10, Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(a.toString().compareTo(b.toString())).isNegative();
    assertThat(a.compareTo(b)).isNegative();
  }

  @Test
  void rejectsMalformedText() {
    assertThatThrownBy(() -> RunId.parse("42-yesterday"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'42-yesterday'");
  }
}
