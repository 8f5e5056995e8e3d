package com.totaltotes.pipeline.run;

/**
 * The pipeline's three stages. {@link #id()} is the name every outside contract uses: the metrics'
 * {@code Function} dimension, the {@code function} of a {@code _failed/} record, the {@code
 * _continue/<stage>/} prefix, log lines.
 */
public enum Stage {
  EXTRACT,
  TRANSFORM,
  LOAD;

  /** {@code extract}, {@code transform} or {@code load}. */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public String toString() {
    return id();
  }
}
