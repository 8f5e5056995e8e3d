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

class FactPaymentMapperTest {
  private final FactPaymentMapper mapper = new FactPaymentMapper();

  private final SourceRow payment =
      source(
          SourceTable.PAYMENT,
          row()
              .set("payment_id", 2)
              .set("created_at", "2022-11-03T14:20:52.187")
              .set("last_updated", "2022-11-05T09:01:02.5")
              .set("transaction_id", 2)
              .set("counterparty_id", 15)
              .set("payment_amount", new BigDecimal("552548.62"))
              .set("currency_id", 2)
              .set("payment_type_id", 3)
              .set("paid", true)
              .set("payment_date", "2024-02-29")
              .set("company_ac_number", 67305075)
              .set("counterparty_ac_number", 31622269));

  @Test
  void splitsTimestampsParsesThePaymentDateAndLeavesTheAccountNumbersOut() {
    assertThat(mapper.map(payment))
        .containsExactlyEntriesOf(
            row()
                .set("payment_id", 2)
                .set("created_date", LocalDate.of(2022, 11, 3))
                .set("created_time", LocalTime.parse("14:20:52.187"))
                .set("last_updated_date", LocalDate.of(2022, 11, 5))
                .set("last_updated_time", LocalTime.parse("09:01:02.500"))
                .set("transaction_id", 2)
                .set("counterparty_id", 15)
                .set("payment_amount", new BigDecimal("552548.62"))
                .set("currency_id", 2)
                .set("payment_type_id", 3)
                .set("paid", true)
                .set("payment_date", LocalDate.of(2024, 2, 29)));
  }

  @Test
  void keepsAnUnpaidPaymentUnpaid() {
    assertThat(mapper.map(with(payment, "paid", false))).containsEntry("paid", false);
  }

  @Test
  void rejectsAPaymentDateOnAFebruary29thOfACommonYear() {
    assertThatThrownBy(() -> mapper.map(with(payment, "payment_date", "2023-02-29")))
        .isInstanceOf(RowRejectedException.class)
        .hasMessage("payment_date '2023-02-29' is not a calendar date");
  }

  @Test
  void rejectsPaidGivenAsText() {
    assertThatThrownBy(() -> mapper.map(with(payment, "paid", "true")))
        .isInstanceOf(RowRejectedException.class)
        .hasMessage("paid 'true' is not a boolean");
  }

  @Test
  void rejectsANullAmount() {
    assertThatThrownBy(() -> mapper.map(with(payment, "payment_amount", null)))
        .isInstanceOf(RowRejectedException.class)
        .hasMessage("NULL in non-nullable column payment_amount");
  }
}
