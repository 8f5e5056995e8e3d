package com.totaltotes.pipeline.cli;

import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The work directory and object store options shared by {@code run}, {@code replay} and {@code
 * status}.
 */
public final class StoreOptions {
  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description =
          "Pipeline state and the embedded S3 server's files (default: .totes in the"
              + " project directory). The same DIR again continues incrementally.")
  Path workDir;

  @Option(
      names = "--s3-endpoint",
      paramLabel = "URL",
      description =
          "Use this S3 API (e.g. http://localhost:9000) instead of the embedded server;"
              + " its buckets must exist.")
  URI endpoint;

  @Option(
      names = "--s3-region",
      paramLabel = "REGION",
      defaultValue = "${env:AWS_REGION:-us-east-1}",
      description = "Region of --s3-endpoint (default: AWS_REGION, else us-east-1).")
  String region;

  @Option(
      names = "--s3-access-key",
      paramLabel = "KEY",
      defaultValue = "${env:AWS_ACCESS_KEY_ID}",
      description = "Access key of --s3-endpoint (default: AWS_ACCESS_KEY_ID).")
  String accessKey;

  @Option(
      names = "--s3-secret-key",
      paramLabel = "KEY",
      defaultValue = "${env:AWS_SECRET_ACCESS_KEY}",
      description = "Secret key of --s3-endpoint (default: AWS_SECRET_ACCESS_KEY).")
  String secretKey;

  @Option(
      names = "--ingest-bucket",
      paramLabel = "NAME",
      defaultValue = Buckets.DEFAULT_INGEST,
      description = "Bucket of the raw JSON Lines files (default: ${DEFAULT-VALUE}).")
  String ingestBucket;

  @Option(
      names = "--processed-bucket",
      paramLabel = "NAME",
      defaultValue = Buckets.DEFAULT_PROCESSED,
      description = "Bucket of the Parquet files (default: ${DEFAULT-VALUE}).")
  String processedBucket;

  /** The workspace these options describe. */
  public Workspace workspace() {
    Path dir = workDir == null ? Workspace.defaultWorkDir() : workDir;
    S3Endpoint s3 =
        endpoint == null ? null : new S3Endpoint(endpoint, region, accessKey, secretKey);
    return new Workspace(dir, new Buckets(ingestBucket, processedBucket), s3);
  }

  /** The S3 secret key given (to be masked in messages), or null. */
  public String secretKey() {
    return secretKey;
  }
}
