package com.totaltotes.pipeline.extract;

import org.roaringbitmap.RoaringBitmap;

/**
 * What a table's key set in this run's snapshot says against the previous run's (a pure planner: no
 * database, no bucket). Unit-tested in {@code KeyChangesTest}.
 *
 * @param gone the ids deleted since the previous key set
 * @param appeared the ids the previous key set held as deleted that are there again
 * @param stillGone every id known deleted and not there again (kept in this run's key set)
 * @param missed the ids no window of this run read that must be read all the same: ids new since
 *     the previous key set, ids whose row was written after the previous snapshot, and ids the
 *     previous key set left unread; less those this run read. A row written with a last_updated
 *     before the window (a writer's clock behind, a transaction open longer than the lookback) is
 *     one of them.
 */
record KeyChanges(
    RoaringBitmap gone, RoaringBitmap appeared, RoaringBitmap stillGone, RoaringBitmap missed) {

  /**
   * The changes from {@code before} (null: there is no previous key set, so nothing is known
   * deleted or missed) to the ids {@code now} of this snapshot, where {@code changed} are the ids
   * whose row was written after the previous snapshot and {@code read} the ids this run read in its
   * windows.
   */
  static KeyChanges of(
      RoaringBitmap now, SourceKeys.KeySet before, RoaringBitmap changed, RoaringBitmap read) {
    if (before == null) {
      return new KeyChanges(
          new RoaringBitmap(), new RoaringBitmap(), new RoaringBitmap(), new RoaringBitmap());
    }
    RoaringBitmap candidates =
        RoaringBitmap.or(RoaringBitmap.andNot(now, before.ids()), before.unread(), changed);
    RoaringBitmap missed = RoaringBitmap.andNot(RoaringBitmap.and(candidates, now), read);
    RoaringBitmap gone = RoaringBitmap.andNot(before.ids(), now);
    RoaringBitmap appeared = RoaringBitmap.and(now, before.deleted());
    RoaringBitmap stillGone = RoaringBitmap.andNot(RoaringBitmap.or(before.deleted(), gone), now);
    return new KeyChanges(gone, appeared, stillGone, missed);
  }
}
