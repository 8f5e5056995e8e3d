package com.totaltotes.pipeline.extract;

import static com.totaltotes.pipeline.source.SourceTable.PAYMENT;
import static org.assertj.core.api.Assertions.assertThat;

import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.manifest.IngestManifest.Position;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The extract's window rules without a database (issue 27): each rule on a made-up manifest. */
class TableWindowsTest {
  private static final Duration LOOKBACK = Duration.ofMinutes(10);
  private static final LocalDateTime CLOCK = LocalDateTime.parse("2026-12-07T12:00:00");
  private static final LocalDateTime WATERMARK = LocalDateTime.parse("2026-12-07T11:58:00");
  private static final Position AT = new Position(WATERMARK, 42);
  private static final FileEntry IDS = new FileEntry("_ids/x/payment.roaring.gz", 3, 10, "ab");
  private static final String SNAPSHOT = "100:105:";

  private final TableWindows windows = new TableWindows(LOOKBACK);

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

  @Test
  void theFirstRunReadsEveryRow() {
    ReadWindow w = windows.window(PAYMENT, null, CLOCK, null);
    assertThat(w.since()).isNull();
    assertThat(w.after()).isNull();
    assertThat(w.predicate(PAYMENT)).isEmpty();
  }

  @Test
  void aTableReadToItsEndIsContinuedAfterItsPositionAndReReadInTheLookback() {
    ReadWindow w = windows.window(PAYMENT, previous(payment(AT, 0, IDS), SNAPSHOT), CLOCK, null);
    assertThat(w.after()).isEqualTo(AT);
    assertThat(w.rereadFrom()).isEqualTo(WATERMARK.minus(LOOKBACK));
    assertThat(w.since()).isEqualTo(WATERMARK.minus(LOOKBACK));
    assertThat(w.predicate(PAYMENT))
        .isEqualTo(
            "((last_updated, payment_id) > ('2026-12-07T11:58:00.000'::timestamp, 42)) or"
                + " (last_updated > '2026-12-07T11:48:00.000'::timestamp and (last_updated,"
                + " payment_id) <= ('2026-12-07T11:58:00.000'::timestamp, 42))");
  }

  @Test
  void aTableLeftUnfinishedIsContinuedFromItsPositionAloneWithoutReReading() {
    ReadWindow w = windows.window(PAYMENT, previous(payment(AT, 500, IDS), SNAPSHOT), CLOCK, null);
    assertThat(w.after()).isEqualTo(AT);
    assertThat(w.rereadFrom()).isNull();
    assertThat(w.since()).isEqualTo(WATERMARK.minusNanos(1_000_000));
    assertThat(w.predicate(PAYMENT))
        .isEqualTo("(last_updated, payment_id) > ('2026-12-07T11:58:00.000'::timestamp, 42)");
  }

  @Test
  void withoutAKeySetOrASnapshotAnUnfinishedTableIsStillReReadInTheLookback() {
    assertThat(
            windows
                .window(PAYMENT, previous(payment(AT, 500, null), SNAPSHOT), CLOCK, null)
                .rereadFrom())
        .isEqualTo(WATERMARK.minus(LOOKBACK));
    assertThat(
            windows
                .window(PAYMENT, previous(payment(AT, 500, IDS), null), CLOCK, null)
                .rereadFrom())
        .isEqualTo(WATERMARK.minus(LOOKBACK));
  }

  @Test
  void aPositionAFutureDatedRowSetIsBroughtBackToTheWatermark() {
    Position future = new Position(CLOCK.plusYears(5), 7);
    ReadWindow w =
        windows.window(PAYMENT, previous(payment(future, 0, IDS), SNAPSHOT), CLOCK, null);
    assertThat(w.after()).isEqualTo(new Position(WATERMARK, Long.MAX_VALUE));
  }

  @Test
  void theCapCountsOnlyRowsDatedUpToTheClock() {
    ReadWindow w = windows.window(PAYMENT, previous(payment(AT, 500, IDS), SNAPSHOT), CLOCK, null);
    assertThat(w.presentRows(PAYMENT))
        .isEqualTo(
            "(last_updated, payment_id) > ('2026-12-07T11:58:00.000'::timestamp, 42) and"
                + " last_updated <= '2026-12-07T12:00:00.000'::timestamp");
  }

  @Test
  void aRepairWidensTheWindowToTheRepairedRunsStart() {
    LocalDateTime repairedSince = LocalDateTime.parse("2026-12-07T09:00:00");
    ReadWindow w =
        windows.window(
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
    ReadWindow w = windows.window(PAYMENT, before, CLOCK, null);
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
}
