package com.totaltotes.pipeline.transform.mapping;

import static com.totaltotes.pipeline.transform.mapping.SourceRows.row;
import static com.totaltotes.pipeline.transform.mapping.SourceRows.source;
import static com.totaltotes.pipeline.transform.mapping.SourceRows.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.totaltotes.pipeline.source.SourceTable;
import org.junit.jupiter.api.Test;

class DimCounterpartyMapperTest {
  private final DimCounterpartyMapper mapper = new DimCounterpartyMapper();

  private final SourceRow counterparty =
      source(
          SourceTable.COUNTERPARTY,
          row()
              .set("counterparty_id", 3)
              .set("counterparty_legal_name", "Armstrong Inc")
              .set("legal_address_id", 15)
              .set("commercial_contact", "Jane Wiza")
              .set("delivery_contact", null)
              .set("created_at", "2022-11-03T14:20:51.563")
              .set("last_updated", "2022-11-03T14:20:51.563"));

  private final SourceRow legalAddress =
      source(
          SourceTable.ADDRESS,
          row()
              .set("address_id", 15)
              .set("address_line_1", "179 Alexie Cliffs")
              .set("address_line_2", null)
              .set("district", null)
              .set("city", "Aliso Viejo")
              .set("postal_code", "99305-7380")
              .set("country", "San Marino")
              .set("phone", "9621 880720")
              .set("created_at", "2022-11-03T14:20:49.962")
              .set("last_updated", "2022-11-03T14:20:49.962"));

  @Test
  void takesTheLegalColumnsFromTheLegalAddressKeepingNulls() {
    assertThat(mapper.map(counterparty, legalAddress))
        .containsExactlyEntriesOf(
            row()
                .set("counterparty_id", 3)
                .set("counterparty_legal_name", "Armstrong Inc")
                .set("counterparty_legal_address_line_1", "179 Alexie Cliffs")
                .set("counterparty_legal_address_line_2", null)
                .set("counterparty_legal_district", null)
                .set("counterparty_legal_city", "Aliso Viejo")
                .set("counterparty_legal_postal_code", "99305-7380")
                .set("counterparty_legal_country", "San Marino")
                .set("counterparty_legal_phone_number", "9621 880720"));
  }

  @Test
  void copiesASecondLineAndDistrictWhenPresent() {
    SourceRow full =
        with(with(legalAddress, "address_line_2", "Suite 4"), "district", "Bedfordshire");

    assertThat(mapper.map(counterparty, full))
        .containsEntry("counterparty_legal_address_line_2", "Suite 4")
        .containsEntry("counterparty_legal_district", "Bedfordshire");
  }

  @Test
  void rejectsACounterpartyWhoseLegalAddressIsUnknown() {
    assertThatThrownBy(() -> mapper.map(counterparty, null))
        .isInstanceOf(RowRejectedException.class)
        .hasMessage("legal address 15 of counterparty 3 is unknown");
  }

  @Test
  void rejectsALegalAddressWithoutPhone() {
    assertThatThrownBy(() -> mapper.map(counterparty, with(legalAddress, "phone", null)))
        .isInstanceOf(RowRejectedException.class)
        .hasMessage("NULL in non-nullable column counterparty_legal_phone_number");
  }

  @Test
  void refusesAnAddressThatIsNotTheLegalOne() {
    assertThatThrownBy(() -> mapper.map(counterparty, with(legalAddress, "address_id", 16)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("address row given for counterparty 3 is not address 15");
  }
}
