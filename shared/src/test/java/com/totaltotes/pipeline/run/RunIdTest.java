package com.totaltotes.pipeline.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
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

  @Test
  void keysOfTheFormWithImpossibleValuesAreNoRunIds() {
    // issue 26: each of these under _manifests/ stopped every later run, as isRunId accepted what
    // parse and next then refused
    for (String stray :
        List.of(
            "00000000-20261124T115000Z", // seq 0
            "99999999-20261124T115000Z", // no run can follow it
            "00000007-20261399T999999Z", // month 13, hour 99
            "00000007-20261301T000000Z", // month 13
            "00000007-20260231T000000Z", // 31 February
            "00000007-20261124T240000Z", // hour 24
            "00000007-20261124T115960Z", // second 60
            "00000007-00000000T000000Z")) { // month and day 0
      assertThat(RunId.isRunId(stray)).as(stray).isFalse();
    }
    assertThatThrownBy(() -> RunId.parse("00000007-20260231T000000Z"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad timestamp");
  }

  @Test
  void runIdsAtTheEdgesOfTheFormAreRunIds() {
    for (String id :
        List.of(
            "00000001-20261124T115000Z",
            "99999998-20261124T115000Z",
            "00000007-20240229T000000Z", // a leap day
            "00000007-20261231T235959Z",
            "00000007-00010101T000000Z")) {
      assertThat(RunId.isRunId(id)).as(id).isTrue();
      assertThat(RunId.parse(id)).hasToString(id);
      assertThat(RunId.next(RunId.parse(id), Instant.now()).seq())
          .isEqualTo(RunId.parse(id).seq() + 1);
    }
  }
}
