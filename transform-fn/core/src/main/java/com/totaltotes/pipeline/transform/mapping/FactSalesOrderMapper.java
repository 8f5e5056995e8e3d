package com.totaltotes.pipeline.transform.mapping;

import com.totaltotes.pipeline.source.SourceTable;
import com.totaltotes.pipeline.warehouse.WarehouseRow;
import com.totaltotes.pipeline.warehouse.WarehouseTable;

/**
 * Maps one version of a totesys {@code sales_order} row to a {@code fact_sales_order} row:
 * created_at and last_updated split into date + time (milliseconds kept), staff_id becomes
 * sales_staff_id, the agreed text dates become dates (strictly), unit_price stays exact.
 */
public final class FactSalesOrderMapper {

  private static final RowMapping MAPPING =
      RowMapping.from(SourceTable.SALES_ORDER, WarehouseTable.FACT_SALES_ORDER)
          .copy("sales_order_id")
          .splitCreatedAndLastUpdated()
          .copy("staff_id", "sales_staff_id")
          .copy("counterparty_id")
          .copy("units_sold")
          .copy("unit_price")
          .copy("currency_id")
          .copy("design_id")
          .copy("agreed_payment_date")
          .copy("agreed_delivery_date")
          .copy("agreed_delivery_location_id")
          .build();

  /** The {@code fact_sales_order} row of that source version. */
  public WarehouseRow map(SourceRow salesOrder) {
    return MAPPING.map(salesOrder);
  }
}
