package com.totaltotes.pipeline.load;

/** The points inside one run's transaction that a {@link LoadFaultHook} listener is told about. */
public enum LoadStep {
  /**
   * Every dimension's Parquet files are in its staging table, or on the bulk path in the dimension
   * itself when it was empty; nothing is committed (the facts' files are copied after the
   * dimensions are upserted).
   */
  STAGED,
  /** The dimensions are upserted; the facts are not inserted yet. */
  DIMENSIONS_UPSERTED,
  /** The facts are inserted; the ledger row is not written and nothing is committed yet. */
  FACTS_INSERTED
}
