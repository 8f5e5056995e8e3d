package com.totaltotes.pipeline.extract;

import static com.totaltotes.pipeline.source.SourceTable.ADDRESS;
import static com.totaltotes.pipeline.source.SourceTable.COUNTERPARTY;
import static com.totaltotes.pipeline.source.SourceTable.CURRENCY;
import static com.totaltotes.pipeline.source.SourceTable.DEPARTMENT;
import static com.totaltotes.pipeline.source.SourceTable.DESIGN;
import static com.totaltotes.pipeline.source.SourceTable.PAYMENT;
import static com.totaltotes.pipeline.source.SourceTable.PAYMENT_TYPE;
import static com.totaltotes.pipeline.source.SourceTable.PURCHASE_ORDER;
import static com.totaltotes.pipeline.source.SourceTable.SALES_ORDER;
import static com.totaltotes.pipeline.source.SourceTable.STAFF;
import static com.totaltotes.pipeline.source.SourceTable.TRANSACTION;
import static org.assertj.core.api.Assertions.assertThat;

import com.totaltotes.pipeline.extract.RowBudget.Share;
import com.totaltotes.pipeline.source.SourceTable;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The row cap's planner and the foreign-key graph it follows, without a database (issue 27). */
class RowBudgetTest {

  @Test
  void theForeignKeyGraphIsDerivedFromTheNeededColumns() {
    assertThat(ADDRESS.references()).isEmpty();
    assertThat(COUNTERPARTY.references()).containsExactly(ADDRESS);
    assertThat(STAFF.references()).containsExactly(DEPARTMENT);
    assertThat(SALES_ORDER.references())
        .containsExactlyInAnyOrder(DESIGN, STAFF, COUNTERPARTY, CURRENCY, ADDRESS);
    assertThat(PURCHASE_ORDER.references())
        .containsExactlyInAnyOrder(STAFF, COUNTERPARTY, CURRENCY, ADDRESS);
    assertThat(TRANSACTION.references()).containsExactlyInAnyOrder(SALES_ORDER, PURCHASE_ORDER);
    assertThat(PAYMENT.references())
        .containsExactlyInAnyOrder(TRANSACTION, COUNTERPARTY, CURRENCY, PAYMENT_TYPE);
  }

  @Test
  void everyTableComesAfterTheTablesItReferences() {
    List<SourceTable> order = SourceTable.referencedFirst();
    assertThat(order).containsExactlyInAnyOrder(SourceTable.values());
    for (SourceTable t : order) {
      for (SourceTable r : t.references()) {
        assertThat(order.indexOf(r)).as("%s before %s", r, t).isLessThan(order.indexOf(t));
      }
    }
    assertThat(order.subList(order.size() - 2, order.size())).containsExactly(TRANSACTION, PAYMENT);
  }

  @Test
  void withoutACapEveryTableIsReadToItsEnd() {
    Map<SourceTable, Share> plan = RowBudget.plan(Map.of(), 0);
    assertThat(plan.values()).allMatch(Share::toEnd);
  }

  @Test
  void aCapThatHoldsEverythingReadsEveryTableToItsEnd() {
    Map<SourceTable, Share> plan = RowBudget.plan(rows(10), 110);
    assertThat(plan.values()).allMatch(Share::toEnd);
  }

  @Test
  void theCapRunsOutInsideOneTableAndTheTablesAfterItWait() {
    Map<SourceTable, Long> pending = rows(0);
    pending.put(SALES_ORDER, 1_000L);
    pending.put(TRANSACTION, 500L);
    pending.put(PAYMENT, 500L);
    pending.put(DESIGN, 3L);
    Map<SourceTable, Share> plan = RowBudget.plan(pending, 600);
    assertThat(plan.get(DESIGN)).isEqualTo(Share.all(3));
    assertThat(plan.get(SALES_ORDER)).isEqualTo(new Share(Share.Kind.FIRST, 597));
    assertThat(plan.get(PURCHASE_ORDER).toEnd())
        .as("nothing new: read to its (empty) end")
        .isTrue();
    assertThat(plan.get(TRANSACTION))
        .as("references a table not read to its end")
        .isEqualTo(Share.WAIT);
    assertThat(plan.get(PAYMENT)).isEqualTo(Share.WAIT);
  }

  @Test
  void aTableWhoseReferencesAreCompleteGetsWhatIsLeftEvenAfterAnotherWasCut() {
    Map<SourceTable, Long> pending = rows(0);
    pending.put(PURCHASE_ORDER, 50L);
    pending.put(SALES_ORDER, 80L);
    Map<SourceTable, Share> plan = RowBudget.plan(pending, 100);
    // sales_order comes first: all of it; purchase_order gets the 20 left
    assertThat(plan.get(SALES_ORDER)).isEqualTo(Share.all(80));
    assertThat(plan.get(PURCHASE_ORDER)).isEqualTo(new Share(Share.Kind.FIRST, 20));
    assertThat(plan.get(TRANSACTION)).isEqualTo(Share.WAIT);
  }

  @Test
  void aCapSpentExactlyLeavesEmptyTablesReadAndFullOnesWaiting() {
    Map<SourceTable, Long> pending = rows(0);
    pending.put(ADDRESS, 100L);
    pending.put(COUNTERPARTY, 1L);
    Map<SourceTable, Share> plan = RowBudget.plan(pending, 100);
    assertThat(plan.get(ADDRESS)).isEqualTo(Share.all(100));
    assertThat(plan.get(CURRENCY).toEnd()).isTrue();
    assertThat(plan.get(COUNTERPARTY)).isEqualTo(Share.WAIT);
    assertThat(plan.get(SALES_ORDER)).as("references counterparty").isEqualTo(Share.WAIT);
    assertThat(plan.get(DEPARTMENT)).isEqualTo(Share.all(0));
    assertThat(plan.get(STAFF)).as("no new rows, its reference complete").isEqualTo(Share.all(0));
  }

  private static Map<SourceTable, Long> rows(long each) {
    Map<SourceTable, Long> pending = new EnumMap<>(SourceTable.class);
    for (SourceTable t : SourceTable.values()) {
      pending.put(t, each);
    }
    return pending;
  }
}
