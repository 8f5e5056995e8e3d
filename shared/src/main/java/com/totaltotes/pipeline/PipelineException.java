package com.totaltotes.pipeline;

/**
 * Base of every failure the pipeline raises on purpose. Unchecked. {@link #permanent()} tells a
 * failure that a retry cannot fix (bad credentials, a malformed file) from a transient one
 * (timeout, connection reset): a handler throws a transient one to the Lambda runtime (retries,
 * then the on-failure destination and the error alarm), and answers a permanent one with a result
 * after publishing {@code RunFailed}, so Lambda does not retry what cannot succeed.
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

  /**
   * A failure a retry may fix (a timeout, a lost connection, an out-of-memory worker): the Lambda
   * runtime retries it, the next run does the same work again.
   */
  public static PipelineException transientFailure(String message, Throwable cause) {
    return new PipelineException(message, false, cause);
  }

  /** {@link #transientFailure(String, Throwable)} without a cause. */
  public static PipelineException transientFailure(String message) {
    return new PipelineException(message, false, null);
  }

  /**
   * A failure no retry fixes until something changes elsewhere (bad credentials, a malformed file,
   * a source column gone): published as {@code RunFailed} and alarmed at once, never retried.
   */
  public static PipelineException permanentFailure(String message, Throwable cause) {
    return new PipelineException(message, true, cause);
  }

  /** {@link #permanentFailure(String, Throwable)} without a cause. */
  public static PipelineException permanentFailure(String message) {
    return new PipelineException(message, true, null);
  }

  /** True when retrying the same work cannot succeed without a change elsewhere. */
  public boolean permanent() {
    return permanent;
  }
}
