package com.totaltotes.pipeline.transform.mapping;

import com.totaltotes.pipeline.source.SourceTable;
import com.totaltotes.pipeline.warehouse.WarehouseRow;
import com.totaltotes.pipeline.warehouse.WarehouseTable;

/** Maps a totesys {@code design} row to a {@code dim_design} row, column for column. */
public final class DimDesignMapper {

  private static final RowMapping MAPPING =
      RowMapping.from(SourceTable.DESIGN, WarehouseTable.DIM_DESIGN)
          .copy("design_id")
          .copy("design_name")
          .copy("file_location")
          .copy("file_name")
          .build();

  /** The {@code dim_design} row of that design. */
  public WarehouseRow map(SourceRow design) {
    return MAPPING.map(design);
  }
}
