package com.totaltotes.pipeline.transform.mapping;

import com.totaltotes.pipeline.source.SourceTable;
import com.totaltotes.pipeline.warehouse.WarehouseRow;
import com.totaltotes.pipeline.warehouse.WarehouseTable;

/**
 * Maps a totesys {@code address} row to a {@code dim_location} row: location_id = address_id, the
 * address columns unchanged (NULL address_line_2 and district stay NULL).
 */
public final class DimLocationMapper {

  private static final RowMapping MAPPING =
      RowMapping.from(SourceTable.ADDRESS, WarehouseTable.DIM_LOCATION)
          .copy("address_id", "location_id")
          .copy("address_line_1")
          .copy("address_line_2")
          .copy("district")
          .copy("city")
          .copy("postal_code")
          .copy("country")
          .copy("phone")
          .build();

  /** The {@code dim_location} row of that address. */
  public WarehouseRow map(SourceRow address) {
    return MAPPING.map(address);
  }
}
