package com.totaltotes.pipeline.load;

/**
 * Told when a run's load reaches a {@link LoadStep}, inside the run's transaction. Production
 * passes {@link #NONE}; tests pass a listener that throws, to prove that a crash at that point
 * leaves the warehouse as it was.
 */
@FunctionalInterface
public interface LoadProgress {
  /** Listens to nothing. */
  LoadProgress NONE = (step, runId) -> {};

  /**
   * Called when {@code runId} reaches {@code step}; an exception thrown here fails the run and
   * rolls its transaction back.
   */
  void reached(LoadStep step, String runId);
}
