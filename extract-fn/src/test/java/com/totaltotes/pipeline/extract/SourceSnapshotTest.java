package com.totaltotes.pipeline.extract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceSnapshotTest {
  @Test
  void seesWhatFinishedBeforeItAndNotWhatWasRunningOrCameAfter() {
    SourceSnapshot s = SourceSnapshot.parse("1000:1010:1003,1007");
    assertThat(s.saw(999)).as("before xmin").isTrue();
    assertThat(s.saw(1000)).as("xmin itself, not in progress: finished").isTrue();
    assertThat(s.saw(1003)).as("in progress").isFalse();
    assertThat(s.saw(1005)).as("between, finished").isTrue();
    assertThat(s.saw(1007)).as("in progress").isFalse();
    assertThat(s.saw(1010)).as("xmax: started after").isFalse();
    assertThat(s.saw(5000)).as("after").isFalse();
    assertThat(s.saw(2)).as("frozen").isTrue();
    assertThat(s.saw(1)).as("bootstrap").isTrue();
  }

  @Test
  void comparesThirtyTwoBitIdsAcrossEpochsModuloTwoToThe32() {
    // epoch 3: txid 3 * 2^32 + 4294967290 .. the 32-bit xids wrap past 2^32 - 1 to 0, 1, 2, 3 ...
    long base = 3L << 32;
    SourceSnapshot s =
        SourceSnapshot.parse((base + 4294967290L) + ":" + (base + 4294967296L + 20) + ":");
    assertThat(s.saw((int) 4294967280L)).as("before xmin, same epoch").isTrue();
    assertThat(s.saw((int) 4294967295L)).as("between, finished").isTrue();
    assertThat(s.saw(10)).as("after the wrap, before xmax: finished").isTrue();
    assertThat(s.saw(20)).as("xmax after the wrap").isFalse();
    assertThat(s.saw(100)).as("after xmax").isFalse();
  }

  @Test
  void somethingElseIsNoSnapshot() {
    assertThat(SourceSnapshot.parse(null)).isNull();
    assertThat(SourceSnapshot.parse("1000:1010")).isNull();
    assertThat(SourceSnapshot.parse("a:b:c")).isNull();
    assertThat(SourceSnapshot.parse("1000:1010:").text()).isEqualTo("1000:1010:");
  }
}
