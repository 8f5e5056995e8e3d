package com.totaltotes.pipeline.extract;

import static com.totaltotes.pipeline.source.SourceTable.PAYMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.manifest.IngestManifest.Position;
import com.totaltotes.pipeline.source.SourceTable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/** The extract's window rules without a database (issue 27): each rule on a made-up manifest. */
class TableWindowsTest {
  private static final Duration LOOKBACK = Duration.ofMinutes(10);
  private static final LocalDateTime CLOCK = LocalDateTime.parse("2026-12-07T12:00:00");
  private static final LocalDateTime WATERMARK = LocalDateTime.parse("2026-12-07T11:58:00");
  private static final Position AT = new Position(WATERMARK, 42);
  private static final FileEntry IDS = new FileEntry("_ids/x/payment.roaring.gz", 3, 10, "ab");
  private static final String SNAPSHOT = "100:105:";

  /** A row version's xmin that {@link #SNAPSHOT}'s horizon (100) does not precede. */
  private static final int WRITTEN_SINCE = 104;

  private final TableWindows windows = new TableWindows(LOOKBACK);

  /** The window of {@code t} after {@code previous}, with its snapshot as the manifest keeps it. */
  private ReadWindow window(
      SourceTable t, IngestManifest previous, LocalDateTime clock, TableWindows.Repair repair) {
    SourceSnapshot since =
        previous == null ? null : SourceSnapshot.parse(previous.sourceSnapshot());
    return windows.window(t, previous, since, clock, repair);
  }

  /** The manifest of the run before, with the payment table as given. */
  private static IngestManifest previous(IngestManifest.Table payment, String snapshot) {
    Instant t = Instant.parse("2026-12-07T11:59:00Z");
    return new IngestManifest(
        "00000007-20261207T115900Z",
        t,
        t,
        600,
        List.of(payment),
        CLOCK.minusMinutes(1),
        List.of(),
        snapshot);
  }

  private static IngestManifest.Table payment(Position readTo, long backlog, FileEntry ids) {
    return new IngestManifest.Table(
        "payment",
        null,
        new IngestManifest.Read(10, List.of(), 0, 0, 0),
        new IngestManifest.Checkpoint(WATERMARK, readTo, CLOCK.minusMinutes(1), backlog, ids),
        IngestManifest.Deletions.NONE);
  }

  /**
   * The payment entry of a table read to its end up to {@link #AT}: its window's start, the rows
   * read and those dated after the clock, and the clock it was read at.
   */
  private static IngestManifest.Table payment(
      LocalDateTime since, long rows, long futureRows, LocalDateTime readAt) {
    return new IngestManifest.Table(
        "payment",
        since,
        new IngestManifest.Read(rows, List.of(), 0, futureRows, 0),
        new IngestManifest.Checkpoint(WATERMARK, AT, readAt, 0, IDS),
        IngestManifest.Deletions.NONE);
  }

  @Test
  void theFirstRunReadsEveryRow() {
    ReadWindow w = window(PAYMENT, null, CLOCK, null);
    assertThat(w.since()).isNull();
    assertThat(w.after()).isNull();
    assertThat(w.predicate(PAYMENT)).isEmpty();
  }

  @Test
  void aTableReadToItsEndIsContinuedAfterItsPositionAndReReadInTheLookback() {
    ReadWindow w = window(PAYMENT, previous(payment(AT, 0, IDS), SNAPSHOT), CLOCK, null);
    assertThat(w.after()).isEqualTo(AT);
    assertThat(w.rereadFrom()).isEqualTo(WATERMARK.minus(LOOKBACK));
    assertThat(w.since()).isEqualTo(WATERMARK.minus(LOOKBACK));
    assertThat(w.predicate(PAYMENT))
        .isEqualTo(
            "((last_updated, payment_id) > ('2026-12-07T11:58:00.000'::timestamp, 42)) or"
                + " (last_updated > '2026-12-07T11:48:00.000'::timestamp and (last_updated,"
                + " payment_id) <= ('2026-12-07T11:58:00.000'::timestamp, 42) and age(xmin) between"
                + " 0 and age('100'::xid))");
  }

  @Test
  void theLookbackReReadsOnlyRowVersionsWrittenSinceThePreviousSnapshotsOldestTransaction() {
    ReadWindow w = window(PAYMENT, previous(payment(AT, 0, IDS), SNAPSHOT), CLOCK, null);
    assertThat(w.rereadHorizon()).isEqualTo(100L);
    LocalDateTime behind = WATERMARK.minusMinutes(1);
    assertThat(w.reads(behind, 7, 99))
        .as("written before the previous snapshot: read then")
        .isFalse();
    assertThat(w.reads(behind, 7, 2)).as("frozen").isFalse();
    assertThat(w.reads(behind, 7, 100)).as("running at the previous snapshot").isTrue();
    assertThat(w.reads(behind, 7, 104)).isTrue();
    assertThat(w.reads(behind, 7, (int) 4_000_000_000L))
        .as("half the xid circle before 100: an old transaction")
        .isFalse();
    assertThat(w.reads(WATERMARK.plusMinutes(1), 7, 99)).as("a new position: always read").isTrue();
  }

  @Test
  void aWindowAfterATableReadToItsEndWithNoFutureDatedRowReadsOnlyVersionsWrittenSince() {
    ReadWindow w = window(PAYMENT, previous(payment(AT, 0, IDS), SNAPSHOT), CLOCK, null);
    assertThat(w.writtenSinceHorizon()).isTrue();
    ReadWindow confined = w.within(RoaringBitmap.bitmapOf(7, 43));
    assertThat(confined.predicate(PAYMENT))
        .startsWith("payment_id = any('{7,43}'::bigint[]) and (")
        .endsWith(w.predicate(PAYMENT) + ")");
    assertThat(confined.reads(WATERMARK.plusMinutes(1), 43, WRITTEN_SINCE)).isTrue();
    assertThat(confined.reads(WATERMARK.plusMinutes(1), 44, WRITTEN_SINCE)).isFalse();
    assertThat(w.within(new RoaringBitmap()).predicate(PAYMENT)).isEqualTo("false");
    // a row dated after the clock the run before saw lies after its position unwritten since:
    // every run reads it again until its time comes, so the window is not confined
    IngestManifest.Table future = payment(null, 10, 1, CLOCK.minusMinutes(1));
    ReadWindow afterFuture = window(PAYMENT, previous(future, SNAPSHOT), CLOCK, null);
    assertThat(afterFuture.rereadHorizon()).isEqualTo(100L);
    assertThat(afterFuture.writtenSinceHorizon()).isFalse();
    RoaringBitmap none = new RoaringBitmap();
    assertThatThrownBy(() -> afterFuture.within(none)).isInstanceOf(IllegalStateException.class);
    // without a horizon (no snapshot, an unfinished table) nothing is confined
    assertThat(
            window(PAYMENT, previous(payment(AT, 0, IDS), null), CLOCK, null).writtenSinceHorizon())
        .isFalse();
    assertThat(
            window(PAYMENT, previous(payment(AT, 500, IDS), SNAPSHOT), CLOCK, null)
                .writtenSinceHorizon())
        .isFalse();
    assertThat(window(PAYMENT, null, CLOCK, null).writtenSinceHorizon()).isFalse();
  }

  @Test
  void aTableTheRunBeforeDidNotReadOrOnlyContinuedIsReReadWhole() {
    // its checkpoint is an older run's (read at another clock than the manifest's)
    IngestManifest.Table older = payment(null, 0, 0, CLOCK.minusMinutes(11));
    assertThat(window(PAYMENT, previous(older, SNAPSHOT), CLOCK, null).rereadHorizon()).isNull();
    // the run before continued it from its position alone: its window started after the re-read's
    IngestManifest.Table continued =
        payment(WATERMARK.minusSeconds(30), 10, 0, CLOCK.minusMinutes(1));
    ReadWindow w = window(PAYMENT, previous(continued, SNAPSHOT), CLOCK, null);
    assertThat(w.rereadFrom()).isEqualTo(WATERMARK.minus(LOOKBACK));
    assertThat(w.rereadHorizon()).isNull();
    assertThat(w.reads(WATERMARK.minusMinutes(1), 7, 99)).isTrue();
  }

  @Test
  void withoutTheRunBeforesSnapshotTheWholeLookbackIsReadAgain() {
    assertThat(
            window(PAYMENT, previous(payment(AT, 0, null), SNAPSHOT), CLOCK, null).rereadHorizon())
        .as("a table read to its end needs no key set: its window held the re-read's rows")
        .isEqualTo(100L);
    ReadWindow bare = window(PAYMENT, previous(payment(AT, 0, IDS), null), CLOCK, null);
    assertThat(bare.rereadHorizon()).isNull();
    assertThat(bare.reads(WATERMARK.minusMinutes(1), 7, 99)).isTrue();
  }

  @Test
  void aTableLeftUnfinishedIsContinuedFromItsPositionAloneWithoutReReading() {
    ReadWindow w = window(PAYMENT, previous(payment(AT, 500, IDS), SNAPSHOT), CLOCK, null);
    assertThat(w.after()).isEqualTo(AT);
    assertThat(w.rereadFrom()).isNull();
    assertThat(w.since()).isEqualTo(WATERMARK.minusNanos(1_000_000));
    assertThat(w.predicate(PAYMENT))
        .isEqualTo("(last_updated, payment_id) > ('2026-12-07T11:58:00.000'::timestamp, 42)");
  }

  @Test
  void withoutAKeySetOrASnapshotAnUnfinishedTableIsStillReReadInTheLookback() {
    assertThat(
            window(PAYMENT, previous(payment(AT, 500, null), SNAPSHOT), CLOCK, null).rereadFrom())
        .isEqualTo(WATERMARK.minus(LOOKBACK));
    assertThat(window(PAYMENT, previous(payment(AT, 500, IDS), null), CLOCK, null).rereadFrom())
        .isEqualTo(WATERMARK.minus(LOOKBACK));
  }

  @Test
  void aPositionAFutureDatedRowSetIsBroughtBackToTheWatermark() {
    Position future = new Position(CLOCK.plusYears(5), 7);
    ReadWindow w = window(PAYMENT, previous(payment(future, 0, IDS), SNAPSHOT), CLOCK, null);
    assertThat(w.after()).isEqualTo(new Position(WATERMARK, Long.MAX_VALUE));
  }

  @Test
  void theCapCountsOnlyRowsDatedUpToTheClock() {
    ReadWindow w = window(PAYMENT, previous(payment(AT, 500, IDS), SNAPSHOT), CLOCK, null);
    assertThat(w.presentRows(PAYMENT))
        .isEqualTo(
            "(last_updated, payment_id) > ('2026-12-07T11:58:00.000'::timestamp, 42) and"
                + " last_updated <= '2026-12-07T12:00:00.000'::timestamp");
  }

  @Test
  void aRepairWidensTheWindowToTheRepairedRunsStart() {
    LocalDateTime repairedSince = LocalDateTime.parse("2026-12-07T09:00:00");
    ReadWindow w =
        window(
            PAYMENT,
            previous(payment(AT, 0, IDS), SNAPSHOT),
            CLOCK,
            new TableWindows.Repair(repairedSince, List.of(), List.of()));
    assertThat(w.after()).isNull();
    assertThat(w.since()).isEqualTo(repairedSince);
  }

  @Test
  void aTableNotReadCarriesItsStateSoTheNextRunReadsTheSameWindow() {
    IngestManifest before = previous(payment(AT, 0, IDS), SNAPSHOT);
    ReadWindow w = window(PAYMENT, before, CLOCK, null);
    IngestManifest.Table carried = windows.carried(PAYMENT, w, before, 12);
    assertThat(carried.readTo()).isEqualTo(AT);
    assertThat(carried.backlogRows()).isEqualTo(12);
    assertThat(carried.rows()).isZero();
  }

  @Test
  void theEarliestOfTwoStartsTreatsNullAsEveryRow() {
    LocalDateTime a = LocalDateTime.parse("2026-01-01T00:00:00");
    assertThat(TableWindows.earliest(a, a.plusDays(1))).isEqualTo(a);
    assertThat(TableWindows.earliest(a, null)).isNull();
  }

  /** The manifest of a run at {@code clock} whose payment table stands at {@code checkpoint}. */
  private static IngestManifest at(LocalDateTime clock, IngestManifest.Checkpoint checkpoint) {
    Instant t = Instant.parse("2026-10-25T00:00:00Z");
    return new IngestManifest(
        "00000007-20261025T000000Z",
        t,
        t,
        600,
        List.of(
            new IngestManifest.Table(
                "payment",
                null,
                new IngestManifest.Read(1, List.of(), 0, 0, 0),
                checkpoint,
                IngestManifest.Deletions.NONE)),
        clock,
        List.of(),
        SNAPSHOT);
  }

  @Test
  void aDstFallBackOfTheSourcesZoneReReadsTheRepeatedHourFromTheNewClock() {
    // --source-time-zone Europe/London: the previous run read at 01:55 BST; the clocks went back
    // at 02:00 BST, and this run's clock reads 01:05 GMT, before the position it left
    LocalDateTime position = LocalDateTime.parse("2026-10-25T01:55:00");
    LocalDateTime clock = LocalDateTime.parse("2026-10-25T01:05:00");
    IngestManifest before =
        at(
            position,
            new IngestManifest.Checkpoint(position, new Position(position, 9), position, 0, IDS));
    ReadWindow w = window(PAYMENT, before, clock, null);
    // rows the repeated hour wrote after this run's clock are new; those before it are re-read
    // in the lookback of the clock, where the watermark is brought back to
    assertThat(w.previousWatermark()).isEqualTo(clock);
    assertThat(w.isNew(LocalDateTime.parse("2026-10-25T01:30:00"), 1)).isTrue();
    assertThat(w.reads(LocalDateTime.parse("2026-10-25T01:01:00"), 1, WRITTEN_SINCE)).isTrue();
    assertThat(w.isPresent(LocalDateTime.parse("2026-10-25T01:30:00"), 1))
        .as("a row of the first 01:30 is not counted against a cap until its time comes again")
        .isFalse();
  }

  @Test
  void aDstSpringForwardSkipsNoRowsTheWindowIsAPositionNotAnInterval() {
    // Europe/London at 01:00 GMT went to 02:00 BST: the previous run read at 00:55, this at 02:05
    LocalDateTime position = LocalDateTime.parse("2026-03-29T00:55:00");
    IngestManifest before =
        at(
            position,
            new IngestManifest.Checkpoint(position, new Position(position, 9), position, 0, IDS));
    ReadWindow w = window(PAYMENT, before, LocalDateTime.parse("2026-03-29T02:05:00"), null);
    assertThat(w.after()).isEqualTo(new Position(position, 9));
    assertThat(w.isNew(LocalDateTime.parse("2026-03-29T00:56:00"), 1)).isTrue();
    assertThat(w.isNew(LocalDateTime.parse("2026-03-29T02:01:00"), 1)).isTrue();
    assertThat(w.rereadFrom()).isEqualTo(position.minus(LOOKBACK));
  }

  @Test
  void aRowExactlyAtTheLookbacksEdgeIsNotReReadOneMillisecondInsideItIs() {
    ReadWindow w = window(PAYMENT, previous(payment(AT, 0, IDS), SNAPSHOT), CLOCK, null);
    LocalDateTime edge = WATERMARK.minus(LOOKBACK);
    assertThat(w.reads(edge, 1, WRITTEN_SINCE)).isFalse();
    assertThat(w.reads(edge.plusNanos(1_000_000), 1, WRITTEN_SINCE)).isTrue();
    assertThat(w.isNew(edge.plusNanos(1_000_000), 1)).as("re-read, not new").isFalse();
  }

  @Test
  void aTieOfThousandsOfRowsOnOneTimestampIsSplitByIdAndNoRowOfItIsNewTwice() {
    // the previous run stopped at the 500th of 4,289 rows sharing one last_updated
    ReadWindow w = window(PAYMENT, previous(payment(AT, 3_789, IDS), SNAPSHOT), CLOCK, null);
    long newInTie = 0;
    for (long id = 1; id <= 4_289; id++) {
      if (w.reads(WATERMARK, id, WRITTEN_SINCE)) {
        newInTie++;
        assertThat(w.isNew(WATERMARK, id)).isTrue();
      }
    }
    assertThat(newInTie).isEqualTo(4_289 - 42);
    assertThat(w.reads(WATERMARK, 42, WRITTEN_SINCE)).isFalse();
    assertThat(w.reads(WATERMARK, 43, WRITTEN_SINCE)).isTrue();
  }

  @Test
  void aTableThatNeverHadARowIsReadWholeUntilItHasOne() {
    IngestManifest.Table empty =
        new IngestManifest.Table("payment", null, null, 0, List.<FileEntry>of());
    ReadWindow w = window(PAYMENT, previous(empty, SNAPSHOT), CLOCK, null);
    assertThat(w.since()).isNull();
    assertThat(w.after()).isNull();
    assertThat(w.predicate(PAYMENT)).isEmpty();
    assertThat(w.reads(LocalDateTime.parse("1999-01-01T00:00:00"), 1, WRITTEN_SINCE)).isTrue();
  }

  @Test
  void aRepairOfARunWhoseManifestIsGoneStartsBeforeTheStateOfTheRunBeforeIt() {
    // RepairPlan: the table is read again from before the readable run's position and lookback
    IngestManifest.Table before = payment(AT, 0, IDS);
    assertThat(windows.restartSince(before)).isEqualTo(WATERMARK.minus(LOOKBACK));
    IngestManifest.Table oldStyle =
        new IngestManifest.Table("payment", null, WATERMARK, 10, List.<FileEntry>of());
    assertThat(windows.restartSince(oldStyle)).isEqualTo(WATERMARK.minus(LOOKBACK));
    assertThat(windows.restartSince(null)).as("no earlier run: every row").isNull();
  }
}
