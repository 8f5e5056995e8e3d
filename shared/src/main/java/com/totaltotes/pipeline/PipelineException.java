package com.totaltotes.pipeline;

/**
 * Base of every failure the pipeline raises on purpose. Unchecked, so it reaches the Lambda runtime
 * (retries, on-failure destination, error alarm). {@link #permanent()} tells a failure that a retry
 * cannot fix (bad credentials, a malformed file) from a transient one (timeout, connection reset).
 *
 * <p>Messages name what failed and where (secret id, bucket, key, table, run) and never carry a
 * secret value, a password or a connection string with credentials.
 */
public class PipelineException extends RuntimeException {
  private final boolean permanent;

  public PipelineException(String message, boolean permanent, Throwable cause) {
    super(message, cause);
    this.permanent = permanent;
  }

  public PipelineException(String message, boolean permanent) {
    this(message, permanent, null);
  }

  /** True when retrying the same work cannot succeed without a change elsewhere. */
  public boolean permanent() {
    return permanent;
  }
}
