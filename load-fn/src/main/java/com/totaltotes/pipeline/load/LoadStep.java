package com.totaltotes.pipeline.load;

/** The points inside one run's transaction that a {@link LoadFaultHook} listener is told about. */
public enum LoadStep {
  /** Every Parquet file of the run is in its staging table; nothing is in the warehouse yet. */
  STAGED,
  /** The dimensions are upserted; the facts are not inserted yet. */
  DIMENSIONS_UPSERTED,
  /** The facts are inserted; the ledger row is not written and nothing is committed yet. */
  FACTS_INSERTED
}
