package com.totaltotes.pipeline.cli;

import java.net.URI;
import java.util.Objects;

/**
 * An external S3-compatible API (MinIO, LocalStack, S3 itself) with static keys. {@link
 * #toString()} never shows the secret key.
 */
public record S3Endpoint(URI uri, String region, String accessKey, String secretKey) {
  public S3Endpoint {
    Objects.requireNonNull(uri, "uri");
    if (uri.getScheme() == null
        || uri.getHost() == null
        || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
      throw new IllegalArgumentException(
          "--s3-endpoint must be an http(s) URL such as http://localhost:9000, got '" + uri + "'");
    }
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException(
          "--s3-endpoint needs a region (--s3-region or AWS_REGION)");
    }
    if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
      throw new IllegalArgumentException(
          "--s3-endpoint needs --s3-access-key and --s3-secret-key"
              + " (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment)");
    }
  }

  @Override
  public String toString() {
    return "S3Endpoint[" + uri + ", " + region + ", accessKey=" + accessKey + ", secretKey=***]";
  }
}
