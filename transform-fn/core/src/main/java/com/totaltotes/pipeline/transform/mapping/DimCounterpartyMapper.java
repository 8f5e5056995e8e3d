package com.totaltotes.pipeline.transform.mapping;

import com.totaltotes.pipeline.warehouse.WarehouseRow;
import com.totaltotes.pipeline.warehouse.WarehouseTable;

/**
 * Maps a totesys {@code counterparty} row joined to its legal {@code address} row ({@code
 * legal_address_id}) to a {@code dim_counterparty} row. NULL address_line_2 and district stay NULL.
 */
public final class DimCounterpartyMapper {

  /**
   * The {@code dim_counterparty} row of that counterparty.
   *
   * @param counterparty the source counterparty row
   * @param legalAddress the source address row of its legal_address_id, or null when not known
   * @throws RowRejectedException when the legal address is unknown or a value cannot be mapped
   * @throws IllegalArgumentException when the address given is not the counterparty's legal one
   */
  public WarehouseRow map(SourceRow counterparty, SourceRow legalAddress) {
    int counterpartyId = ColumnValues.requiredInt(counterparty, "counterparty_id");
    int addressId = ColumnValues.requiredInt(counterparty, "legal_address_id");
    if (legalAddress == null) {
      throw new RowRejectedException(
          "legal address " + addressId + " of counterparty " + counterpartyId + " is unknown");
    }
    if (ColumnValues.requiredInt(legalAddress, "address_id") != addressId) {
      throw new IllegalArgumentException(
          "address row given for counterparty " + counterpartyId + " is not address " + addressId);
    }
    return new WarehouseRowBuilder(WarehouseTable.DIM_COUNTERPARTY, counterparty)
        .copy("counterparty_id")
        .copy("counterparty_legal_name")
        .copy(legalAddress, "address_line_1", "counterparty_legal_address_line_1")
        .copy(legalAddress, "address_line_2", "counterparty_legal_address_line_2")
        .copy(legalAddress, "district", "counterparty_legal_district")
        .copy(legalAddress, "city", "counterparty_legal_city")
        .copy(legalAddress, "postal_code", "counterparty_legal_postal_code")
        .copy(legalAddress, "country", "counterparty_legal_country")
        .copy(legalAddress, "phone", "counterparty_legal_phone_number")
        .build();
  }
}
