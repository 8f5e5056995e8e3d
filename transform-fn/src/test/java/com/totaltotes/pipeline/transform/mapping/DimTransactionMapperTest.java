package com.totaltotes.pipeline.transform.mapping;

import static com.totaltotes.pipeline.transform.mapping.SourceRows.row;
import static com.totaltotes.pipeline.transform.mapping.SourceRows.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.totaltotes.pipeline.source.SourceTable;
import org.junit.jupiter.api.Test;

class DimTransactionMapperTest {
  private final DimTransactionMapper mapper = new DimTransactionMapper();

  @Test
  void keepsTheSalesOrderIdOfASaleAndNullForThePurchaseOrder() {
    assertThat(
            mapper.map(
                source(
                    SourceTable.TRANSACTION,
                    row()
                        .set("transaction_id", 1)
                        .set("transaction_type", "SALE")
                        .set("sales_order_id", 2)
                        .set("purchase_order_id", null)
                        .set("created_at", "2022-11-03T14:20:52.186")
                        .set("last_updated", "2022-11-03T14:20:52.186"))))
        .containsExactlyEntriesOf(
            row()
                .set("transaction_id", 1)
                .set("transaction_type", "SALE")
                .set("sales_order_id", 2)
                .set("purchase_order_id", null));
  }

  @Test
  void keepsThePurchaseOrderIdOfAPurchaseAndNullForTheSalesOrder() {
    assertThat(
            mapper.map(
                source(
                    SourceTable.TRANSACTION,
                    row()
                        .set("transaction_id", 5)
                        .set("transaction_type", "PURCHASE")
                        .set("sales_order_id", null)
                        .set("purchase_order_id", 3L))))
        .containsExactlyEntriesOf(
            row()
                .set("transaction_id", 5)
                .set("transaction_type", "PURCHASE")
                .set("sales_order_id", null)
                .set("purchase_order_id", 3));
  }

  @Test
  void rejectsAMissingTransactionType() {
    assertThatThrownBy(
            () ->
                mapper.map(
                    source(
                        SourceTable.TRANSACTION,
                        row().set("transaction_id", 5).set("sales_order_id", 1))))
        .isInstanceOf(RowRejectedException.class)
        .hasMessage("missing column 'transaction_type'");
  }
}
