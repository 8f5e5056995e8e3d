package com.totaltotes.pipeline.transform.mapping;

import com.totaltotes.pipeline.source.SourceTable;
import com.totaltotes.pipeline.warehouse.WarehouseRow;
import com.totaltotes.pipeline.warehouse.WarehouseTable;

/**
 * Maps a totesys {@code transaction} row to a {@code dim_transaction} row; the enum label ({@code
 * SALE}, {@code PURCHASE}) is kept as text, and the order id that does not apply stays NULL.
 */
public final class DimTransactionMapper {

  private static final RowMapping MAPPING =
      RowMapping.from(SourceTable.TRANSACTION, WarehouseTable.DIM_TRANSACTION)
          .copy("transaction_id")
          .copy("transaction_type")
          .copy("sales_order_id")
          .copy("purchase_order_id")
          .build();

  /** The {@code dim_transaction} row of that transaction. */
  public WarehouseRow map(SourceRow transaction) {
    return MAPPING.map(transaction);
  }
}
