package com.totaltotes.pipeline.load;

/**
 * A fault-injection hook: told when a run's load reaches a {@link LoadStep}, inside the run's
 * transaction. Production passes {@link #NONE}; tests pass a hook that throws (or waits), to prove
 * that a crash at that point leaves the warehouse as it was.
 */
@FunctionalInterface
public interface LoadFaultHook {
  /** Injects nothing. */
  LoadFaultHook NONE = (step, runId) -> {};

  /**
   * Called when {@code runId} reaches {@code step}; an exception thrown here fails the run and
   * rolls its transaction back.
   */
  void reached(LoadStep step, String runId);
}
