package com.totaltotes.pipeline.extract;

import static com.totaltotes.pipeline.source.SourceTable.PAYMENT;
import static org.assertj.core.api.Assertions.assertThat;

import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.manifest.IngestManifest.Position;
import com.totaltotes.pipeline.source.SourceTable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/**
 * Bounded catch-ups run through the planners alone (issue 27): {@link TableWindows}, {@link
 * RowBudget} and {@link TableOutcomes} drive runs over a payment table held in memory, where a
 * small model of the reader ({@link JsonLinesCopy}'s rules: rows the window reads, new rows after
 * its position, the largest position and watermark up to the clock) stands for PostgreSQL. The same
 * trials run against PostgreSQL in {@code BoundedExtractIntegrationTest}.
 */
class CatchUpSimulationTest {
  private static final Duration LOOKBACK = Duration.ofMinutes(10);
  private static final LocalDateTime T0 = LocalDateTime.parse("2026-12-07T09:00:00");
  private static final FileEntry KEYS = new FileEntry("_ids/x/payment.roaring.gz", 1, 1, "ab");

  /**
   * The xmin of every row: written after the caught-up run's snapshot ("100:100:") and before the
   * first simulated run's (every simulated run's is "200:200:").
   */
  private static final int WRITTEN = 150;

  private final TableWindows windows = new TableWindows(LOOKBACK);

  /** The window of {@code t} after {@code previous}, with its snapshot as the manifest keeps it. */
  private ReadWindow window(
      SourceTable t, IngestManifest previous, LocalDateTime clock, TableWindows.Repair repair) {
    SourceSnapshot since =
        previous == null ? null : SourceSnapshot.parse(previous.sourceSnapshot());
    return windows.window(t, previous, since, clock, repair);
  }

  private record Row(LocalDateTime lastUpdated, long id) {}

  /** What a simulated catch-up did: runs until nothing was left, and rows read in all. */
  private record CatchUp(int runs, long rowsRead, IngestManifest last) {}

  /**
   * Runs bounded extracts of {@code table} at {@code clock} with a row cap of {@code cap}, from
   * {@code previous}, until one leaves nothing (or {@code maxRuns}).
   */
  private CatchUp catchUp(
      List<Row> table, IngestManifest previous, LocalDateTime clock, long cap, int maxRuns) {
    long read = 0;
    for (int run = 1; run <= maxRuns; run++) {
      Map<SourceTable, TableOutcomes.Plan> plans = new EnumMap<>(SourceTable.class);
      Map<SourceTable, ExtractTable.Result> results = new EnumMap<>(SourceTable.class);
      for (SourceTable t : SourceTable.values()) {
        ReadWindow w = window(t, previous, clock, null);
        List<Row> rows = t == PAYMENT ? table : List.of();
        long pending = rows.stream().filter(r -> w.isPresent(r.lastUpdated(), r.id())).count();
        RowBudget.Share share = RowBudget.plan(Map.of(t, pending), cap).get(t);
        Position upTo =
            share.kind() == RowBudget.Share.Kind.FIRST
                ? rows.stream()
                    .filter(r -> w.isPresent(r.lastUpdated(), r.id()))
                    .sorted(Comparator.comparing(Row::lastUpdated).thenComparing(Row::id))
                    .skip(share.rows() - 1)
                    .findFirst()
                    .map(r -> new Position(r.lastUpdated(), r.id()))
                    .orElseThrow()
                : null;
        TableOutcomes.Plan plan = new TableOutcomes.Plan(w, pending, share.read(), upTo);
        plans.put(t, plan);
        if (plan.read()) {
          ExtractTable.Result result = model(t, rows, plan.reads());
          read += result.entry().rows();
          results.put(t, result);
        }
      }
      List<IngestManifest.Table> entries = new ArrayList<>();
      TableOutcomes.settle(windows, plans, results, previous, clock)
          .forEach((t, s) -> entries.add(s.entry().withKeys(KEYS, IngestManifest.Deletions.NONE)));
      Instant at = Instant.parse("2026-12-07T12:00:00Z").plusSeconds(run);
      previous =
          new IngestManifest(
              "0000000" + run + "-x", at, at, 600, entries, clock, List.of(), "200:200:");
      if (previous.backlogRows() == 0) {
        return new CatchUp(run, read, previous);
      }
    }
    return new CatchUp(-1, read, previous);
  }

  /** The reader's rules on rows in memory. */
  private static ExtractTable.Result model(SourceTable t, List<Row> rows, ReadWindow w) {
    long rowsRead = 0;
    long newRows = 0;
    Row maxPresent = null;
    LocalDateTime watermark = w.previousWatermark();
    for (Row r : rows) {
      if (!w.reads(r.lastUpdated(), r.id(), WRITTEN)) {
        continue;
      }
      rowsRead++;
      boolean present = !r.lastUpdated().isAfter(w.clock());
      if (present && (watermark == null || r.lastUpdated().isAfter(watermark))) {
        watermark = r.lastUpdated();
      }
      if (w.isNew(r.lastUpdated(), r.id())) {
        newRows++;
        if (present
            && (maxPresent == null
                || r.lastUpdated().isAfter(maxPresent.lastUpdated())
                || (r.lastUpdated().equals(maxPresent.lastUpdated())
                    && r.id() > maxPresent.id()))) {
          maxPresent = r;
        }
      }
    }
    return new ExtractTable.Result(
        new IngestManifest.Table(t.tableName(), w.since(), watermark, rowsRead, List.of()),
        newRows,
        maxPresent == null ? null : new Position(maxPresent.lastUpdated(), maxPresent.id()),
        false,
        new RoaringBitmap());
  }

  /** Every table caught up at {@code position}, as a run before the trial left it. */
  private static IngestManifest caughtUpAt(Position position) {
    List<IngestManifest.Table> tables = new ArrayList<>();
    for (SourceTable t : SourceTable.values()) {
      tables.add(
          new IngestManifest.Table(
              t.tableName(),
              null,
              new IngestManifest.Read(0, List.of(), 0, 0, 0),
              new IngestManifest.Checkpoint(
                  position.lastUpdated(), position, position.lastUpdated(), 0, KEYS),
              IngestManifest.Deletions.NONE));
    }
    Instant at = Instant.parse("2026-12-07T11:00:00Z");
    return new IngestManifest("00000000-x", at, at, 600, tables, T0, List.of(), "100:100:");
  }

  @Test
  void aBurstOfThousandsOfRowsOnOneTimestampIsReadOnceUnderACap() {
    // every one of 4,289 payments updated in one statement, after a run that had read them all
    LocalDateTime burst = T0.plusMinutes(5);
    List<Row> payments = new ArrayList<>();
    for (long id = 1; id <= 4_289; id++) {
      payments.add(new Row(burst, id));
    }
    CatchUp c =
        catchUp(payments, caughtUpAt(new Position(T0, 4_289)), burst.plusSeconds(30), 500, 50);
    assertThat(c.runs()).isEqualTo(9); // ceil(4289 / 500)
    assertThat(c.rowsRead())
        .as("rows read for a catch-up of N changed rows: within 1.2 N")
        .isLessThanOrEqualTo((long) (1.2 * 4_289));
    assertThat(c.last().table("payment").readTo()).isEqualTo(new Position(burst, 4_289));
  }

  @Test
  void aBacklogSpreadOverTimeIsReadWithinOnePointTwoTimesItsRowsPlusOneLookback() {
    // 10,000 rows, 100 ms apart and 3 to a timestamp, after a caught-up run
    List<Row> payments = new ArrayList<>();
    for (long id = 1; id <= 10_000; id++) {
      payments.add(new Row(T0.plusNanos(100_000_000L * (id / 3 + 1)), id));
    }
    LocalDateTime clock = T0.plusHours(1);
    CatchUp c = catchUp(payments, caughtUpAt(new Position(T0, 0)), clock, 700, 100);
    assertThat(c.runs()).isEqualTo(15); // ceil(10000 / 700)
    long lookbackRows =
        payments.stream().filter(r -> r.lastUpdated().isAfter(T0.minus(LOOKBACK))).count();
    assertThat(c.rowsRead()).isLessThanOrEqualTo((long) (1.2 * 10_000) + lookbackRows);
  }

  @Test
  void rowsDatedYearsAheadBeyondTheCapNeitherLoopNorHoldTheRestBack() {
    LocalDateTime clock = T0.plusMinutes(30);
    List<Row> payments = new ArrayList<>();
    for (long id = 1; id <= 80; id++) {
      payments.add(new Row(clock.plusYears(5), id));
    }
    for (long id = 81; id <= 120; id++) {
      payments.add(new Row(T0.plusMinutes(1), id));
    }
    CatchUp c = catchUp(payments, caughtUpAt(new Position(T0, 0)), clock, 50, 20);
    assertThat(c.runs()).as("ends, with the 40 present rows read").isBetween(1, 2);
    IngestManifest.Table last = c.last().table("payment");
    assertThat(last.readTo()).isEqualTo(new Position(T0.plusMinutes(1), 120));
    assertThat(last.watermark()).as("never past the clock").isEqualTo(T0.plusMinutes(1));
  }
}
