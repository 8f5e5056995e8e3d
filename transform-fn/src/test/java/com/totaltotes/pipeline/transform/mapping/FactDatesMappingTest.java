package com.totaltotes.pipeline.transform.mapping;

import static com.totaltotes.pipeline.transform.mapping.SourceRows.row;
import static com.totaltotes.pipeline.transform.mapping.SourceRows.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.totaltotes.pipeline.source.SourceTable;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tests of {@link FactDates}: which dates need a dim_date row. */
class FactDatesMappingTest {

  @Test
  void listsEveryDateOfASalesOrderOnceInOrder() {
    Map<String, Object> fact =
        new FactSalesOrderMapper()
            .map(
                source(
                    SourceTable.SALES_ORDER,
                    row()
                        .set("sales_order_id", 2)
                        .set("created_at", "2022-11-03T14:20:52.186")
                        .set("last_updated", "2022-11-04T08:00:00.000")
                        .set("design_id", 3)
                        .set("staff_id", 19)
                        .set("counterparty_id", 8)
                        .set("units_sold", 1)
                        .set("unit_price", new BigDecimal("3.94"))
                        .set("currency_id", 2)
                        .set("agreed_delivery_date", "2022-11-07")
                        .set("agreed_payment_date", "2022-11-03")
                        .set("agreed_delivery_location_id", 8)));

    assertThat(FactDates.datesOf(WarehouseTable.FACT_SALES_ORDER, fact))
        .containsExactly(
            LocalDate.of(2022, 11, 3), LocalDate.of(2022, 11, 4), LocalDate.of(2022, 11, 7));
  }

  @Test
  void listsTheCreatedUpdatedAndPaymentDatesOfAPayment() {
    Map<String, Object> fact =
        new FactPaymentMapper()
            .map(
                source(
                    SourceTable.PAYMENT,
                    row()
                        .set("payment_id", 2)
                        .set("created_at", "2022-11-03T14:20:52.187")
                        .set("last_updated", "2022-11-05T09:01:02.500")
                        .set("transaction_id", 2)
                        .set("counterparty_id", 15)
                        .set("payment_amount", new BigDecimal("552548.62"))
                        .set("currency_id", 2)
                        .set("payment_type_id", 3)
                        .set("paid", false)
                        .set("payment_date", "2022-11-04")));

    assertThat(FactDates.datesOf(WarehouseTable.FACT_PAYMENT, fact))
        .containsExactly(
            LocalDate.of(2022, 11, 3), LocalDate.of(2022, 11, 4), LocalDate.of(2022, 11, 5));
  }

  @Test
  void findsNoDatesInADimensionWithoutDateColumns() {
    Map<String, Object> design =
        row()
            .set("design_id", 8)
            .set("design_name", "Wooden")
            .set("file_location", "/usr")
            .set("file_name", "w.json");

    assertThat(FactDates.datesOf(WarehouseTable.DIM_DESIGN, design)).isEmpty();
  }

  @Test
  void refusesARowThatWasNotMapped() {
    Map<String, Object> raw = row().set("payment_id", 2).set("payment_date", "2022-11-04");

    assertThatThrownBy(() -> FactDates.datesOf(WarehouseTable.FACT_PAYMENT, raw))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fact_payment.payment_date holds no LocalDate but a String");
  }
}
