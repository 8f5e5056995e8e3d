package com.totaltotes.pipeline.storage;

import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * Bounds on every S3 call, so a hung bucket endpoint fails an invocation well inside the Lambda
 * timeout: each attempt is cut off after {@code attempt}, the whole call (all attempts and the
 * back-off between them) after {@code call}, with the SDK's standard retry mode and at most {@code
 * maxAttempts} attempts. {@code connect} and {@code socket} bound the TCP connect and each read of
 * the HTTP client.
 *
 * <p>The attempt timeout must fit the largest single request: an 8 MiB multipart part.
 */
public record S3Timeouts(
    Duration attempt, Duration call, Duration connect, Duration socket, int maxAttempts) {

  /**
   * The one place for the numbers of clients built by {@link S3Clients} and {@code SharedServices}.
   */
  public static final S3Timeouts DEFAULTS =
      new S3Timeouts(
          Duration.ofSeconds(60),
          Duration.ofSeconds(180),
          Duration.ofSeconds(5),
          Duration.ofSeconds(30),
          3);

  public S3Timeouts {
    positive("attempt", attempt);
    positive("call", call);
    positive("connect", connect);
    positive("socket", socket);
    if (call.compareTo(attempt) < 0) {
      throw new IllegalArgumentException(
          "call timeout " + call + " is shorter than the attempt timeout " + attempt);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
  }

  /** The same bounds with another number of attempts. */
  public S3Timeouts withMaxAttempts(int attempts) {
    return new S3Timeouts(attempt, call, connect, socket, attempts);
  }

  /** Sets the attempt and call timeouts and the standard retry strategy on a client's overrides. */
  public ClientOverrideConfiguration.Builder applyTo(ClientOverrideConfiguration.Builder override) {
    return override
        .apiCallAttemptTimeout(attempt)
        .apiCallTimeout(call)
        .retryStrategy(retryStrategy());
  }

  /** The SDK's standard retry mode (throttling and 5xx, jittered back-off), {@code maxAttempts}. */
  public RetryStrategy retryStrategy() {
    return AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(maxAttempts).build();
  }

  /** An HTTP client builder with the connect and socket timeouts. */
  public UrlConnectionHttpClient.Builder httpClient() {
    return UrlConnectionHttpClient.builder().connectionTimeout(connect).socketTimeout(socket);
  }

  private static void positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " timeout must be positive, was " + value);
    }
  }
}
