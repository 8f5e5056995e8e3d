package com.totaltotes.pipeline.transform.mapping;

import com.totaltotes.pipeline.source.SourceTable;
import com.totaltotes.pipeline.warehouse.WarehouseRow;
import com.totaltotes.pipeline.warehouse.WarehouseTable;

/**
 * Maps one version of a totesys {@code payment} row to a {@code fact_payment} row: created_at and
 * last_updated split into date + time (milliseconds kept), payment_date text becomes a date
 * (strictly), payment_amount stays exact. The account numbers are not part of the warehouse.
 */
public final class FactPaymentMapper {

  private static final RowMapping MAPPING =
      RowMapping.from(SourceTable.PAYMENT, WarehouseTable.FACT_PAYMENT)
          .copy("payment_id")
          .splitCreatedAndLastUpdated()
          .copy("transaction_id")
          .copy("counterparty_id")
          .copy("payment_amount")
          .copy("currency_id")
          .copy("payment_type_id")
          .copy("paid")
          .copy("payment_date")
          .build();

  /** The {@code fact_payment} row of that source version. */
  public WarehouseRow map(SourceRow payment) {
    return MAPPING.map(payment);
  }
}
