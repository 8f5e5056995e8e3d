package com.totaltotes.pipeline.storage;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3 clients outside Quarkus (the local runner, plain tests), bounded by {@link S3Timeouts}. Lambda
 * functions get theirs from the Quarkiverse extension instead ({@code SharedServices}).
 */
public final class S3Clients {
  private S3Clients() {}

  /**
   * The bounds of clients of S3-compatible servers: {@link S3Timeouts#DEFAULTS} with 6 attempts.
   * The JDK's HTTP client keeps up to 5 idle connections per server; when the server has closed
   * them (S3Proxy's Jetty does), a streamed PUT on one fails at once ("Error writing request body
   * to server") and is not retried by the JDK, so each SDK attempt can draw another dead one. Six
   * attempts always reach a fresh connection; the call timeout still bounds the whole call.
   */
  static final S3Timeouts S3_COMPATIBLE = S3Timeouts.DEFAULTS.withMaxAttempts(6);

  /** A path-style client for an S3-compatible endpoint with static keys (S3Proxy, MinIO, …). */
  public static S3Client forEndpoint(
      URI endpoint, String region, String accessKey, String secretKey) {
    return forEndpoint(endpoint, region, accessKey, secretKey, S3_COMPATIBLE);
  }

  /** As {@link #forEndpoint(URI, String, String, String)}, with the given timeouts. */
  public static S3Client forEndpoint(
      URI endpoint, String region, String accessKey, String secretKey, S3Timeouts timeouts) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        .region(Region.of(region))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
        .httpClientBuilder(timeouts.httpClient())
        .overrideConfiguration(
            o -> timeouts.applyTo(o).addExecutionInterceptor(new NoExpectContinue()))
        .build();
  }
}
