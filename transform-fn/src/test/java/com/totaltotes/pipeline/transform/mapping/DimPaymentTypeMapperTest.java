package com.totaltotes.pipeline.transform.mapping;

import static com.totaltotes.pipeline.transform.mapping.SourceRows.row;
import static com.totaltotes.pipeline.transform.mapping.SourceRows.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.totaltotes.pipeline.source.SourceTable;
import org.junit.jupiter.api.Test;

class DimPaymentTypeMapperTest {
  private final DimPaymentTypeMapper mapper = new DimPaymentTypeMapper();

  @Test
  void keepsTheEnumLabelAsText() {
    assertThat(
            mapper.map(
                source(
                    SourceTable.PAYMENT_TYPE,
                    row()
                        .set("payment_type_id", 3)
                        .set("payment_type_name", "PURCHASE_PAYMENT")
                        .set("created_at", "2022-11-03T14:20:49.962")
                        .set("last_updated", "2022-11-03T14:20:49.962"))))
        .containsExactlyEntriesOf(
            row().set("payment_type_id", 3).set("payment_type_name", "PURCHASE_PAYMENT"));
  }

  @Test
  void rejectsANameThatIsNotText() {
    assertThatThrownBy(
            () ->
                mapper.map(
                    source(
                        SourceTable.PAYMENT_TYPE,
                        row().set("payment_type_id", 3).set("payment_type_name", 3))))
        .isInstanceOf(RowRejectedException.class)
        .hasMessage("payment_type_name 3 is not text");
  }
}
