package com.totaltotes.pipeline.extract;

import static com.totaltotes.pipeline.source.SourceTable.ADDRESS;
import static com.totaltotes.pipeline.source.SourceTable.COUNTERPARTY;
import static com.totaltotes.pipeline.source.SourceTable.PAYMENT;
import static com.totaltotes.pipeline.source.SourceTable.SALES_ORDER;
import static com.totaltotes.pipeline.source.SourceTable.TRANSACTION;
import static org.assertj.core.api.Assertions.assertThat;

import com.totaltotes.pipeline.extract.TableOutcomes.Outcome;
import com.totaltotes.pipeline.extract.TableOutcomes.Plan;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.manifest.IngestManifest.Position;
import com.totaltotes.pipeline.source.SourceTable;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/** What each table's read leaves to the next run, without a database (issue 27). */
class TableOutcomesTest {
  private static final LocalDateTime CLOCK = LocalDateTime.parse("2026-12-07T12:00:00");
  private static final LocalDateTime T = LocalDateTime.parse("2026-12-07T11:00:00");
  private final TableWindows windows = new TableWindows(Duration.ofMinutes(10));

  /** Every table planned to be read to its end with {@code pending} rows, none read yet. */
  private static Map<SourceTable, Plan> plans(long pending) {
    Map<SourceTable, Plan> plans = new EnumMap<>(SourceTable.class);
    for (SourceTable t : SourceTable.values()) {
      plans.put(t, new Plan(new ReadWindow(null, null, CLOCK, List.of()), pending, true, null));
    }
    return plans;
  }

  private static ExtractTable.Result read(
      SourceTable table, long newRows, Position readTo, boolean cut) {
    return new ExtractTable.Result(
        new IngestManifest.Table(table.tableName(), null, T, newRows, List.of()),
        newRows,
        readTo,
        cut,
        new RoaringBitmap());
  }

  /** Every table read to its end, with one row at {@code T}. */
  private static Map<SourceTable, ExtractTable.Result> allRead() {
    Map<SourceTable, ExtractTable.Result> results = new EnumMap<>(SourceTable.class);
    for (SourceTable t : SourceTable.values()) {
      results.put(t, read(t, 1, new Position(T, 1), false));
    }
    return results;
  }

  @Test
  void aTableReadToItsEndIsCompleteAtItsLargestPositionWithNothingLeft() {
    Map<SourceTable, TableOutcomes.Settled> s =
        TableOutcomes.settle(windows, plans(1), allRead(), null, CLOCK);
    assertThat(s.get(PAYMENT).outcome()).isEqualTo(Outcome.COMPLETE);
    IngestManifest.Checkpoint c = s.get(PAYMENT).entry().checkpoint();
    assertThat(c.readTo()).isEqualTo(new Position(T, 1));
    assertThat(c.readAt()).isEqualTo(CLOCK);
    assertThat(c.backlogRows()).isZero();
    assertThat(s.values()).allMatch(x -> x.note() == null);
  }

  @Test
  void aTableReadUpToTheCapsPositionIsPartialAndLeavesWhatItDidNotRead() {
    Map<SourceTable, Plan> plans = plans(1);
    Position cap = new Position(T, 500);
    plans.put(PAYMENT, new Plan(plans.get(PAYMENT).window(), 4_289, true, cap));
    Map<SourceTable, ExtractTable.Result> results = allRead();
    results.put(PAYMENT, read(PAYMENT, 500, cap, false));
    TableOutcomes.Settled s =
        TableOutcomes.settle(windows, plans, results, null, CLOCK).get(PAYMENT);
    assertThat(s.outcome()).isEqualTo(Outcome.PARTIAL);
    assertThat(s.entry().checkpoint().readTo()).isEqualTo(cap);
    assertThat(s.entry().backlogRows()).isEqualTo(3_789);
  }

  @Test
  void aReadTheDeadlineCutBeforeAnyNewRowCountsAsNotReadAndCarriesItsState() {
    Map<SourceTable, ExtractTable.Result> results = allRead();
    results.put(PAYMENT, read(PAYMENT, 0, null, true));
    TableOutcomes.Settled s =
        TableOutcomes.settle(windows, plans(7), results, null, CLOCK).get(PAYMENT);
    assertThat(s.outcome()).isEqualTo(Outcome.NOT_READ);
    assertThat(s.entry().rows()).isZero();
    assertThat(s.entry().backlogRows()).isEqualTo(7);
  }

  @Test
  void aTableReadWhileATableItReferencesWasNotReadToTheEndIsNotKept() {
    // payment references transaction, which references sales_order; sales_order was cut
    Map<SourceTable, ExtractTable.Result> results = allRead();
    results.put(SALES_ORDER, read(SALES_ORDER, 3, new Position(T, 3), true));
    Map<SourceTable, TableOutcomes.Settled> s =
        TableOutcomes.settle(windows, plans(5), results, null, CLOCK);
    assertThat(s.get(SALES_ORDER).outcome()).isEqualTo(Outcome.PARTIAL);
    assertThat(s.get(TRANSACTION).outcome()).isEqualTo(Outcome.NOT_READ);
    assertThat(s.get(TRANSACTION).note()).contains("sales_order");
    assertThat(s.get(PAYMENT).outcome()).isEqualTo(Outcome.NOT_READ);
    assertThat(s.get(PAYMENT).entry().rows()).as("its files are not listed").isZero();
    assertThat(s.get(ADDRESS).outcome()).isEqualTo(Outcome.COMPLETE);
    assertThat(s.get(COUNTERPARTY).outcome()).isEqualTo(Outcome.COMPLETE);
  }

  @Test
  void aTableWithNothingNewKeepsTheWindowsPositionAndItsWatermark() {
    Position before = new Position(T.minusMinutes(5), 9);
    Map<SourceTable, Plan> plans = plans(0);
    plans.put(
        PAYMENT,
        new Plan(
            new ReadWindow(null, before, null, null, null, T, CLOCK, List.of(), false, null),
            0,
            true,
            null));
    Map<SourceTable, ExtractTable.Result> results = allRead();
    results.put(PAYMENT, read(PAYMENT, 0, null, false));
    TableOutcomes.Settled s =
        TableOutcomes.settle(windows, plans, results, null, CLOCK).get(PAYMENT);
    assertThat(s.outcome()).isEqualTo(Outcome.COMPLETE);
    assertThat(s.entry().readTo()).isEqualTo(before);
    assertThat(s.entry().watermark()).isEqualTo(T);
  }
}
