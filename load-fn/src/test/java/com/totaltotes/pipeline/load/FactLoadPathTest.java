package com.totaltotes.pipeline.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FactLoadPathTest {
  @Test
  void anEmptyTableIsRebuilt() {
    assertThat(FactLoadPath.choose(1, 0)).isEqualTo(FactLoadPath.REBUILD);
    assertThat(FactLoadPath.choose(1_000_000, 0)).isEqualTo(FactLoadPath.REBUILD);
  }

  @Test
  void aRunOfHalfTheTableOrMoreRebuildsItAndASmallerOneKeepsTheKeys() {
    assertThat(FactLoadPath.choose(500_000, 1_000_000)).isEqualTo(FactLoadPath.REBUILD);
    assertThat(FactLoadPath.choose(2_000_000, 1_000_000)).isEqualTo(FactLoadPath.REBUILD);
    assertThat(FactLoadPath.choose(499_999, 1_000_000)).isEqualTo(FactLoadPath.IN_PLACE);
    assertThat(FactLoadPath.choose(1_000_000, 4_000_000)).isEqualTo(FactLoadPath.IN_PLACE);
  }
}
