package com.totaltotes.pipeline.transform.mapping;

import static com.totaltotes.pipeline.transform.mapping.SourceRows.row;
import static com.totaltotes.pipeline.transform.mapping.SourceRows.source;
import static com.totaltotes.pipeline.transform.mapping.SourceRows.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.totaltotes.pipeline.source.SourceTable;
import org.junit.jupiter.api.Test;

class DimLocationMapperTest {
  private final DimLocationMapper mapper = new DimLocationMapper();

  private final SourceRow address =
      source(
          SourceTable.ADDRESS,
          row()
              .set("address_id", 15)
              .set("address_line_1", "6826 Herzog Via")
              .set("address_line_2", "Apt. 2")
              .set("district", "Avon")
              .set("city", "New Patienceburgh")
              .set("postal_code", "28441")
              .set("country", "Turkey")
              .set("phone", "1803 637401")
              .set("created_at", "2022-11-03T14:20:49.962")
              .set("last_updated", "2022-11-03T14:20:49.962"));

  @Test
  void mapsTheAddressIdToLocationIdAndKeepsTheAddress() {
    assertThat(mapper.map(address))
        .containsExactlyEntriesOf(
            row()
                .set("location_id", 15)
                .set("address_line_1", "6826 Herzog Via")
                .set("address_line_2", "Apt. 2")
                .set("district", "Avon")
                .set("city", "New Patienceburgh")
                .set("postal_code", "28441")
                .set("country", "Turkey")
                .set("phone", "1803 637401"));
  }

  @Test
  void keepsANullSecondLineAndDistrictAsNull() {
    SourceRow sparse = with(with(address, "address_line_2", null), "district", null);

    assertThat(mapper.map(sparse))
        .containsExactlyEntriesOf(
            row()
                .set("location_id", 15)
                .set("address_line_1", "6826 Herzog Via")
                .set("address_line_2", null)
                .set("district", null)
                .set("city", "New Patienceburgh")
                .set("postal_code", "28441")
                .set("country", "Turkey")
                .set("phone", "1803 637401"));
  }

  @Test
  void rejectsANullCity() {
    assertThatThrownBy(() -> mapper.map(with(address, "city", null)))
        .isInstanceOf(RowRejectedException.class)
        .hasMessage("NULL in non-nullable column city");
  }
}
