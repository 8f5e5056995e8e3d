package com.totaltotes.pipeline.transform.mapping;

import com.totaltotes.pipeline.source.SourceTable;
import com.totaltotes.pipeline.warehouse.WarehouseRow;
import com.totaltotes.pipeline.warehouse.WarehouseTable;

/**
 * Maps a totesys {@code payment_type} row to a {@code dim_payment_type} row; the enum label ({@code
 * SALES_RECEIPT}, …) is kept as text.
 */
public final class DimPaymentTypeMapper {

  private static final RowMapping MAPPING =
      RowMapping.from(SourceTable.PAYMENT_TYPE, WarehouseTable.DIM_PAYMENT_TYPE)
          .copy("payment_type_id")
          .copy("payment_type_name")
          .build();

  /** The {@code dim_payment_type} row of that payment type. */
  public WarehouseRow map(SourceRow paymentType) {
    return MAPPING.map(paymentType);
  }
}
