package com.totaltotes.pipeline.storage;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3 clients outside Quarkus (the local runner, plain tests). Lambda functions get theirs from the
 * Quarkiverse extension instead.
 */
public final class S3Clients {
  private S3Clients() {}

  /** A path-style client for an S3-compatible endpoint with static keys (S3Proxy, MinIO, …). */
  public static S3Client forEndpoint(URI endpoint, String region, String accessKey, String secretKey) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        .region(Region.of(region))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(o -> o.addExecutionInterceptor(new NoExpectContinue()))
        .build();
  }

  /** A client for AWS S3 with the SDK's default region and credentials chains. */
  public static S3Client aws() {
    return S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
  }
}
