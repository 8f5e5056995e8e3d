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
  void aLaterSnapshotComparesWithAnEarlierOneOnlyWhileItsIdsAreWithinAQuarterOfTheRange() {
    long base = 3L << 32;
    SourceSnapshot earlier =
        SourceSnapshot.parse((base + 4294967290L) + ":" + (base + 4294967295L) + ":");
    assertThat(earlier.isRecentBefore(earlier)).isTrue();
    assertThat(
            earlier.isRecentBefore(
                SourceSnapshot.parse(
                    (base + 4294967296L + 500) + ":" + (base + 4294967296L + 600) + ":")))
        .as("a few hundred on, past the wrap of the 32-bit ids")
        .isTrue();
    assertThat(earlier.isRecentBefore(SourceSnapshot.parse("1000:1010:")))
        .as("back: a restored or another cluster")
        .isFalse();
    long far = base + 4294967290L + SourceSnapshot.RECENT_XIDS;
    assertThat(earlier.isRecentBefore(SourceSnapshot.parse(far + ":" + far + ":")))
        .as("2^30 on: too far to compare 32-bit ids safely")
        .isFalse();
  }

  @Test
  void theSqlOfAnXminSendsOnlyRecentOnesAndTheRestAsZero() {
    SourceSnapshot s = SourceSnapshot.parse("1000:1010:1003");
    assertThat(SourceSnapshot.sqlWrittenSince(s.horizon()))
        .isEqualTo("age(xmin) between 0 and age('1000'::xid)");
    assertThat(s.sqlXmin())
        .isEqualTo(
            "case when age(xmin) between 0 and age('1000'::xid) then xmin else '0'::xid end");
    assertThat(s.saw(0)).as("what the SQL sends for an older version").isTrue();
  }

  @Test
  void somethingElseIsNoSnapshot() {
    assertThat(SourceSnapshot.parse(null)).isNull();
    assertThat(SourceSnapshot.parse("1000:1010")).isNull();
    assertThat(SourceSnapshot.parse("a:b:c")).isNull();
    assertThat(SourceSnapshot.parse("1000:1010:").text()).isEqualTo("1000:1010:");
  }
}
