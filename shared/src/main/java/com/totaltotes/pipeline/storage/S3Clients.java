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

  /** A path-style client for an S3-compatible endpoint with static keys (S3Proxy, MinIO, …). */
  public static S3Client forEndpoint(URI endpoint, String region, String accessKey, String secretKey) {
    return forEndpoint(endpoint, region, accessKey, secretKey, S3Timeouts.DEFAULTS);
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

  /** A client for AWS S3 with the SDK's default region and credentials chains. */
  public static S3Client aws() {
    S3Timeouts timeouts = S3Timeouts.DEFAULTS;
    return S3Client.builder()
        .httpClientBuilder(timeouts.httpClient())
        .overrideConfiguration(o -> timeouts.applyTo(o))
        .build();
  }
}
