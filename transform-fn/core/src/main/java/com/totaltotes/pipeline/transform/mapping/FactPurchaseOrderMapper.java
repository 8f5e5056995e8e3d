package com.totaltotes.pipeline.transform.mapping;

import com.totaltotes.pipeline.source.SourceTable;
import com.totaltotes.pipeline.warehouse.WarehouseRow;
import com.totaltotes.pipeline.warehouse.WarehouseTable;

/**
 * Maps one version of a totesys {@code purchase_order} row to a {@code fact_purchase_order} row:
 * created_at and last_updated split into date + time (milliseconds kept), the agreed text dates
 * become dates (strictly), item_unit_price stays exact.
 */
public final class FactPurchaseOrderMapper {

  private static final RowMapping MAPPING =
      RowMapping.from(SourceTable.PURCHASE_ORDER, WarehouseTable.FACT_PURCHASE_ORDER)
          .copy("purchase_order_id")
          .splitCreatedAndLastUpdated()
          .copy("staff_id")
          .copy("counterparty_id")
          .copy("item_code")
          .copy("item_quantity")
          .copy("item_unit_price")
          .copy("currency_id")
          .copy("agreed_delivery_date")
          .copy("agreed_payment_date")
          .copy("agreed_delivery_location_id")
          .build();

  /** The {@code fact_purchase_order} row of that source version. */
  public WarehouseRow map(SourceRow purchaseOrder) {
    return MAPPING.map(purchaseOrder);
  }
}
