package com.totaltotes.pipeline.extract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/** The key-set comparison of two runs, without a database (issue 27). */
class KeyChangesTest {
  private static RoaringBitmap ids(int... ids) {
    return RoaringBitmap.bitmapOf(ids);
  }

  private static SourceKeys.KeySet before(RoaringBitmap ids, RoaringBitmap deleted) {
    return new SourceKeys.KeySet(ids, deleted, new RoaringBitmap());
  }

  @Test
  void withoutAPreviousKeySetNothingIsKnownDeletedOrMissed() {
    KeyChanges c = KeyChanges.of(ids(1, 2, 3), null, ids(2), ids());
    assertThat(c.gone().isEmpty()).isTrue();
    assertThat(c.appeared().isEmpty()).isTrue();
    assertThat(c.stillGone().isEmpty()).isTrue();
    assertThat(c.missed().isEmpty()).isTrue();
  }

  @Test
  void anIdNoLongerThereIsDeletedAndStaysKnownDeletedUntilItIsThereAgain() {
    KeyChanges first = KeyChanges.of(ids(1, 3), before(ids(1, 2, 3), ids()), ids(), ids());
    assertThat(first.gone()).isEqualTo(ids(2));
    assertThat(first.stillGone()).isEqualTo(ids(2));

    KeyChanges second = KeyChanges.of(ids(1, 3), before(ids(1, 3), ids(2)), ids(), ids());
    assertThat(second.gone().isEmpty()).as("not deleted twice").isTrue();
    assertThat(second.stillGone()).isEqualTo(ids(2));

    KeyChanges back = KeyChanges.of(ids(1, 2, 3), before(ids(1, 3), ids(2)), ids(), ids(2));
    assertThat(back.appeared()).isEqualTo(ids(2));
    assertThat(back.stillGone().isEmpty()).isTrue();
  }

  @Test
  void aNewIdOrARowWrittenSinceThePreviousSnapshotThatNoWindowReadIsMissed() {
    // 4 is new, 2 was rewritten (xmin after the previous snapshot) behind the window, 3 was read
    KeyChanges c = KeyChanges.of(ids(1, 2, 3, 4), before(ids(1, 2, 3), ids()), ids(2, 3), ids(3));
    assertThat(c.missed()).isEqualTo(ids(2, 4));
  }

  @Test
  void idsThePreviousRunLeftUnreadAreMissedUntilARunReadsThem() {
    SourceKeys.KeySet before = new SourceKeys.KeySet(ids(1, 2, 3), ids(), ids(1, 3));
    assertThat(KeyChanges.of(ids(1, 2, 3), before, ids(), ids()).missed()).isEqualTo(ids(1, 3));
    assertThat(KeyChanges.of(ids(1, 2, 3), before, ids(), ids(1)).missed()).isEqualTo(ids(3));
    assertThat(KeyChanges.of(ids(1, 2), before, ids(), ids()).missed())
        .as("an unread id deleted since is not read")
        .isEqualTo(ids(1));
  }

  @Test
  void idsAboveTwoToTheThirtyOneAreComparedUnsigned() {
    int big = (int) 3_000_000_000L;
    KeyChanges c = KeyChanges.of(ids(big), before(ids(1), ids()), ids(), ids());
    assertThat(c.missed()).isEqualTo(ids(big));
    assertThat(c.gone()).isEqualTo(ids(1));
  }
}
