package com.totaltotes.pipeline.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WarehouseTableTest {

  @Test
  void listsTheElevenTablesInLoadOrder() {
    assertThat(Arrays.stream(WarehouseTable.values()).map(WarehouseTable::tableName))
        .containsExactly(
            "dim_date",
            "dim_staff",
            "dim_location",
            "dim_currency",
            "dim_design",
            "dim_counterparty",
            "dim_payment_type",
            "dim_transaction",
            "fact_sales_order",
            "fact_purchase_order",
            "fact_payment");
  }

  @Test
  void loadsEveryDimensionBeforeAnyFact() {
    List<Boolean> factFlags =
        Arrays.stream(WarehouseTable.values()).map(WarehouseTable::isFact).toList();
    assertThat(factFlags.indexOf(true)).isEqualTo(8);
    assertThat(factFlags.subList(8, 11)).containsOnly(true);
  }

  @ParameterizedTest
  @EnumSource(WarehouseTable.class)
  void hasItsKeyColumnsAmongItsColumns(WarehouseTable table) {
    assertThat(table.columnNames()).containsAll(table.key());
    assertThat(table.key()).allSatisfy(k -> assertThat(table.column(k).nullable()).isFalse());
  }

  @ParameterizedTest
  @EnumSource(WarehouseTable.class)
  void namesTablesAndColumnsInLowerSnakeWithoutDuplicates(WarehouseTable table) {
    String lowerSnake = "[a-z][a-z0-9]*(_[a-z0-9]+)*";
    assertThat(table.tableName()).matches(lowerSnake);
    assertThat(table.columnNames()).allSatisfy(n -> assertThat(n).matches(lowerSnake));
    assertThat(table.columnNames()).doesNotHaveDuplicates();
  }

  @ParameterizedTest
  @EnumSource(WarehouseTable.class)
  void keysFactsOnNaturalIdAndLastUpdatedAndDimensionsOnTheirFirstColumn(WarehouseTable table) {
    if (table.isFact()) {
      assertThat(table.key())
          .containsExactly(table.columnNames().get(0), "last_updated_date", "last_updated_time");
      assertThat(table.surrogateKey()).isPresent();
      assertThat(table.columnNames()).doesNotContain(table.surrogateKey().get());
    } else {
      assertThat(table.key()).containsExactly(table.columnNames().get(0));
      assertThat(table.surrogateKey()).isEmpty();
    }
  }

  @Test
  void describesFactSalesOrderExactlyAsTheWarehouse() {
    WarehouseTable t = WarehouseTable.FACT_SALES_ORDER;
    assertThat(t.surrogateKey()).contains("sales_record_id");
    assertThat(t.columns())
        .containsExactly(
            Column.notNull("sales_order_id", ColumnType.INT),
            Column.notNull("created_date", ColumnType.DATE),
            Column.notNull("created_time", ColumnType.TIME_MILLIS),
            Column.notNull("last_updated_date", ColumnType.DATE),
            Column.notNull("last_updated_time", ColumnType.TIME_MILLIS),
            Column.notNull("sales_staff_id", ColumnType.INT),
            Column.notNull("counterparty_id", ColumnType.INT),
            Column.notNull("units_sold", ColumnType.INT),
            Column.notNull("unit_price", ColumnType.DECIMAL_10_2),
            Column.notNull("currency_id", ColumnType.INT),
            Column.notNull("design_id", ColumnType.INT),
            Column.notNull("agreed_payment_date", ColumnType.DATE),
            Column.notNull("agreed_delivery_date", ColumnType.DATE),
            Column.notNull("agreed_delivery_location_id", ColumnType.INT));
  }

  @Test
  void marksNullableExactlyTheColumnsTheDesignMarksNull() {
    assertThat(
            Arrays.stream(WarehouseTable.values())
                .flatMap(
                    t ->
                        t.columns().stream()
                            .filter(Column::nullable)
                            .map(c -> t.tableName() + "." + c.name())))
        .containsExactlyInAnyOrder(
            "dim_location.address_line_2",
            "dim_location.district",
            "dim_counterparty.counterparty_legal_address_line_2",
            "dim_counterparty.counterparty_legal_district",
            "dim_transaction.sales_order_id",
            "dim_transaction.purchase_order_id");
  }

  @Test
  void findsTablesAndColumnsOnlyByTheirExactNames() {
    assertThat(WarehouseTable.byName("dim_staff")).contains(WarehouseTable.DIM_STAFF);
    assertThat(WarehouseTable.byName("DIM_STAFF")).isEmpty();
    assertThat(WarehouseTable.byName("dim_staff; drop table x")).isEmpty();
    assertThat(WarehouseTable.byName(null)).isEmpty();
    assertThat(WarehouseTable.FACT_PAYMENT.column("paid"))
        .isEqualTo(Column.notNull("paid", ColumnType.BOOLEAN));
    assertThatThrownBy(() -> WarehouseTable.FACT_PAYMENT.column("last_updated"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fact_payment has no column 'last_updated'");
  }

  @Test
  void rejectsAColumnNameThatIsNotLowerSnake() {
    assertThatThrownBy(() -> Column.notNull("Paid", ColumnType.BOOLEAN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'Paid'");
  }
}
