package com.totaltotes.pipeline.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class OrderPlanTest {

  private final Timeline timeline =
      new Timeline(TotesysGenerator.DEFAULT_BASE, TotesysGenerator.DEFAULT_SPAN);

  private OrderPlan plan(int orders, long seed) {
    return new OrderPlan(seed, orders, timeline, ReferenceSizes.forOrders(orders));
  }

  @Test
  void interleavesSevenSalesToThreePurchasesWithDenseIds() {
    OrderPlan plan = plan(1_000, 1L);
    int sales = 0;
    int purchases = 0;
    for (long k = 0; k < plan.total(); k++) {
      OrderEvent e = plan.event(k);
      assertThat(e.sale()).isEqualTo(plan.isSale(k));
      assertThat(e.transactionId()).isEqualTo(k + 1);
      assertThat(e.orderId()).isEqualTo(e.sale() ? ++sales : ++purchases);
    }
    assertThat(sales).isEqualTo(1_000);
    assertThat(purchases).isEqualTo(429);
  }

  @Test
  void sameSeedAndIndexGiveTheSameEvent() {
    assertThat(plan(500, 9L).event(123)).isEqualTo(plan(500, 9L).event(123));
    assertThat(plan(500, 9L).event(123)).isNotEqualTo(plan(500, 10L).event(123));
  }

  @Test
  void creationTimesNeverGoBackwardsByMoreThanASecond() {
    OrderPlan plan = plan(5_000, 3L);
    long previous = timeline.baseMillis();
    for (long k = 0; k < plan.total(); k++) {
      long created = plan.event(k).createdAt();
      assertThat(created).isGreaterThan(previous - 1_000);
      assertThat(created).isLessThanOrEqualTo(timeline.endMillis());
      previous = created;
    }
  }

  @Test
  void firstOrdersCarryTheExtremePrices() {
    OrderPlan plan = plan(100, 5L);
    OrderEvent first = plan.event(0);
    OrderEvent second = plan.event(1);

    assertThat(first.order().unitPriceCents()).isEqualTo(1);
    assertThat(first.payment().amountCents()).isEqualTo(1);
    assertThat(second.order().unitPriceCents()).isEqualTo(9_999_999_999L);
    assertThat(second.payment().amountCents()).isEqualTo(9_999_999_999L);
  }

  @Test
  void thirdSalesOrderIsUpdatedAtTheLastMillisecondAndPaysOnALeapDay() {
    OrderEvent third = plan(100, 5L).event(2);

    assertThat(third.sale()).isTrue();
    assertThat(third.orderId()).isEqualTo(3);
    assertThat(Timeline.toLocalDateTime(third.order().lastUpdated()).toLocalTime())
        .hasToString("23:59:59.999");
    assertThat(LocalDate.ofEpochDay(third.order().agreedPaymentDay())).hasToString("2024-02-29");
  }

  @Test
  void leapDayIsTheFirstOnOrAfterTheBase() {
    long march2024 = Timeline.toMillis(LocalDateTime.parse("2024-03-01T00:00"));
    long leapDay2024 = Timeline.toMillis(LocalDateTime.parse("2024-02-29T12:00"));

    assertThat(LocalDate.ofEpochDay(Timeline.firstLeapDayFrom(march2024)))
        .hasToString("2028-02-29");
    assertThat(LocalDate.ofEpochDay(Timeline.firstLeapDayFrom(leapDay2024)))
        .hasToString("2024-02-29");
  }
}
