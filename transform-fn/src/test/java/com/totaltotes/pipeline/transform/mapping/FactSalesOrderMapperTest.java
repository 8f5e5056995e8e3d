package com.totaltotes.pipeline.transform.mapping;

import static com.totaltotes.pipeline.transform.mapping.SourceRows.row;
import static com.totaltotes.pipeline.transform.mapping.SourceRows.source;
import static com.totaltotes.pipeline.transform.mapping.SourceRows.with;
import static com.totaltotes.pipeline.transform.mapping.SourceRows.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.totaltotes.pipeline.source.SourceTable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FactSalesOrderMapperTest {
  private final FactSalesOrderMapper mapper = new FactSalesOrderMapper();

  private final SourceRow salesOrder =
      source(
          SourceTable.SALES_ORDER,
          row()
              .set("sales_order_id", 2)
              .set("created_at", "2022-11-03T14:20:52.186")
              .set("last_updated", "2022-11-03T23:59:59.999")
              .set("design_id", 3)
              .set("staff_id", 19)
              .set("counterparty_id", 8)
              .set("units_sold", 42972)
              .set("unit_price", new BigDecimal("99999999.99"))
              .set("currency_id", 2)
              .set("agreed_delivery_date", "2022-11-07")
              .set("agreed_payment_date", "2022-11-08")
              .set("agreed_delivery_location_id", 8));

  @Test
  void splitsTimestampsRenamesStaffAndKeepsThePriceExact() {
    assertThat(mapper.map(salesOrder))
        .containsExactlyEntriesOf(
            row()
                .set("sales_order_id", 2)
                .set("created_date", LocalDate.of(2022, 11, 3))
                .set("created_time", LocalTime.parse("14:20:52.186"))
                .set("last_updated_date", LocalDate.of(2022, 11, 3))
                .set("last_updated_time", LocalTime.parse("23:59:59.999"))
                .set("sales_staff_id", 19)
                .set("counterparty_id", 8)
                .set("units_sold", 42972)
                .set("unit_price", new BigDecimal("99999999.99"))
                .set("currency_id", 2)
                .set("design_id", 3)
                .set("agreed_payment_date", LocalDate.of(2022, 11, 8))
                .set("agreed_delivery_date", LocalDate.of(2022, 11, 7))
                .set("agreed_delivery_location_id", 8));
  }

  @Test
  void refusesARowOfAnotherTable() {
    assertThatThrownBy(() -> mapper.map(source(SourceTable.PURCHASE_ORDER, salesOrder)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a purchase_order row given to the mapping of sales_order");
  }

  @Test
  void acceptsATimestampWithoutFraction() {
    Map<String, Object> mapped = mapper.map(with(salesOrder, "created_at", "2022-11-03T14:20:52"));

    assertThat(mapped)
        .containsEntry("created_date", LocalDate.of(2022, 11, 3))
        .containsEntry("created_time", LocalTime.of(14, 20, 52));
  }

  @Test
  void padsAPriceToTwoDecimalPlaces() {
    Object price =
        mapper.map(with(salesOrder, "unit_price", new BigDecimal("3.5"))).get("unit_price");

    assertThat(price).isEqualTo(new BigDecimal("3.50"));
  }

  @Test
  void rejectsAnAgreedDeliveryDateThatIsNotACalendarDate() {
    assertThatThrownBy(() -> mapper.map(with(salesOrder, "agreed_delivery_date", "2023-02-30")))
        .isInstanceOf(RowRejectedException.class)
        .hasMessage("agreed_delivery_date '2023-02-30' is not a calendar date");
  }

  @Test
  void rejectsAPriceTooLargeForNumericTenTwo() {
    SourceRow tooLarge = with(salesOrder, "unit_price", new BigDecimal("123456789.00"));

    assertThatThrownBy(() -> mapper.map(tooLarge))
        .isInstanceOf(RowRejectedException.class)
        .hasMessage("unit_price 123456789.00 exceeds numeric(10,2)");
  }

  @Test
  void rejectsAPriceThatWouldNeedRounding() {
    assertThatThrownBy(() -> mapper.map(with(salesOrder, "unit_price", new BigDecimal("1.005"))))
        .isInstanceOf(RowRejectedException.class)
        .hasMessage("unit_price 1.005 has more than 2 decimal places for numeric(10,2)");
  }

  @Test
  void rejectsAPriceThatWentThroughDouble() {
    assertThatThrownBy(() -> mapper.map(with(salesOrder, "unit_price", 2.5d)))
        .isInstanceOf(RowRejectedException.class)
        .hasMessage("unit_price 2.5 is a floating-point number, not an exact decimal");
  }

  @Test
  void rejectsARowWithoutUnitsSold() {
    assertThatThrownBy(() -> mapper.map(without(salesOrder, "units_sold")))
        .isInstanceOf(RowRejectedException.class)
        .hasMessage("missing column 'units_sold'");
  }

  @Test
  void rejectsANullStaffIdUnderItsWarehouseName() {
    assertThatThrownBy(() -> mapper.map(with(salesOrder, "staff_id", null)))
        .isInstanceOf(RowRejectedException.class)
        .hasMessage("NULL in non-nullable column sales_staff_id");
  }

  @Test
  void rejectsATimestampWithAZone() {
    assertThatThrownBy(() -> mapper.map(with(salesOrder, "last_updated", "2022-11-03T14:20:52Z")))
        .isInstanceOf(RowRejectedException.class)
        .hasMessage("last_updated '2022-11-03T14:20:52Z' is not a timestamp");
  }
}
