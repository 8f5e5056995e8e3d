package com.totaltotes.pipeline.transform.mapping;

import static com.totaltotes.pipeline.transform.mapping.SourceRows.row;
import static com.totaltotes.pipeline.transform.mapping.SourceRows.source;
import static com.totaltotes.pipeline.transform.mapping.SourceRows.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.totaltotes.pipeline.source.SourceTable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class FactPurchaseOrderMapperTest {
  private final FactPurchaseOrderMapper mapper = new FactPurchaseOrderMapper();

  private final SourceRow purchaseOrder =
      source(
          SourceTable.PURCHASE_ORDER,
          row()
              .set("purchase_order_id", 1)
              .set("created_at", "2022-11-03T23:59:59.999")
              .set("last_updated", "2022-11-04T00:00:00.000")
              .set("staff_id", 12)
              .set("counterparty_id", 11)
              .set("item_code", "ZDOI5EA")
              .set("item_quantity", 371)
              .set("item_unit_price", new BigDecimal("0.01"))
              .set("currency_id", 1)
              .set("agreed_delivery_date", "2022-11-09")
              .set("agreed_payment_date", "2022-11-07")
              .set("agreed_delivery_location_id", 6));

  @Test
  void splitsTimestampsAtTheLastMillisecondOfTheDayAndKeepsOneCentExact() {
    assertThat(mapper.map(purchaseOrder))
        .containsExactlyEntriesOf(
            row()
                .set("purchase_order_id", 1)
                .set("created_date", LocalDate.of(2022, 11, 3))
                .set("created_time", LocalTime.of(23, 59, 59, 999_000_000))
                .set("last_updated_date", LocalDate.of(2022, 11, 4))
                .set("last_updated_time", LocalTime.MIDNIGHT)
                .set("staff_id", 12)
                .set("counterparty_id", 11)
                .set("item_code", "ZDOI5EA")
                .set("item_quantity", 371)
                .set("item_unit_price", new BigDecimal("0.01"))
                .set("currency_id", 1)
                .set("agreed_delivery_date", LocalDate.of(2022, 11, 9))
                .set("agreed_payment_date", LocalDate.of(2022, 11, 7))
                .set("agreed_delivery_location_id", 6));
  }

  @Test
  void rejectsAnAgreedPaymentDateThatIsNotADate() {
    assertThatThrownBy(() -> mapper.map(with(purchaseOrder, "agreed_payment_date", "07/11/2022")))
        .isInstanceOf(RowRejectedException.class)
        .hasMessage("agreed_payment_date '07/11/2022' is not a date of the form YYYY-MM-DD");
  }

  @Test
  void rejectsAQuantityBeyondIntegerRange() {
    assertThatThrownBy(() -> mapper.map(with(purchaseOrder, "item_quantity", 3_000_000_000L)))
        .isInstanceOf(RowRejectedException.class)
        .hasMessage("item_quantity 3000000000 is not a whole number within integer range");
  }
}
