package com.totaltotes.pipeline.cdi;

import com.totaltotes.pipeline.credentials.DatabaseCredentials;
import com.totaltotes.pipeline.credentials.DatabaseTimeouts;
import com.totaltotes.pipeline.credentials.SecretSource;
import com.totaltotes.pipeline.credentials.SecretsManagerSecretSource;
import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.storage.ObjectStore;
import com.totaltotes.pipeline.storage.S3ObjectStore;
import com.totaltotes.pipeline.storage.S3Timeouts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/**
 * CDI producers of the services every function injects: clock, JSON codec, database credentials
 * (Secrets Manager) and object storage (the Quarkiverse S3 client).
 *
 * <p>Configuration: {@link SharedSettings}.
 */
@ApplicationScoped
public class SharedServices {

  @Produces
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  @Produces
  @Singleton
  JsonCodec jsonCodec() {
    return new JsonCodec();
  }

  @Produces
  @Singleton
  SecretsManagerClient secretsManagerClient(SharedSettings settings) {
    SharedSettings.Secrets secrets = settings.secrets();
    SecretsManagerClientBuilder builder =
        SecretsManagerClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
    secrets.region().map(Region::of).ifPresent(builder::region);
    secrets.endpointOverride().ifPresent(builder::endpointOverride);
    if (secrets.endpointOverride().isPresent() && secrets.region().isEmpty()) {
      builder.region(Region.US_EAST_1);
    }
    if (secrets.accessKeyId().isPresent() && secrets.secretAccessKey().isPresent()) {
      builder.credentialsProvider(
          StaticCredentialsProvider.create(
              AwsBasicCredentials.create(
                  secrets.accessKeyId().get(), secrets.secretAccessKey().get())));
    }
    return builder.build();
  }

  void closeSecretsManager(@Disposes SecretsManagerClient client) {
    client.close();
  }

  @Produces
  @Singleton
  SecretSource secretSource(SecretsManagerClient client) {
    return new SecretsManagerSecretSource(client);
  }

  @Produces
  @Singleton
  DatabaseTimeouts databaseTimeouts(SharedSettings settings) {
    return settings.db().timeouts();
  }

  @Produces
  @Singleton
  DatabaseCredentials databaseCredentials(
      SecretSource source, Clock clock, SharedSettings settings) {
    return new DatabaseCredentials(source, clock, settings.credentials().ttl());
  }

  /**
   * The Quarkiverse S3 client with an explicit retry policy. The extension configures the builder
   * from {@code quarkus.s3.*} (endpoint, credentials, {@code api-call-timeout}, {@code
   * api-call-attempt-timeout}, {@code sync-client.connection-timeout}, {@code
   * sync-client.socket-timeout}) but has no retry setting, so the standard retry mode with {@link
   * S3Timeouts#DEFAULTS}' attempts is added here, keeping everything else the extension set.
   */
  @Produces
  @Singleton
  S3Client s3Client(S3ClientBuilder builder) {
    ClientOverrideConfiguration configured = builder.overrideConfiguration();
    return builder
        .overrideConfiguration(
            configured.toBuilder().retryStrategy(S3Timeouts.DEFAULTS.retryStrategy()).build())
        .build();
  }

  void closeS3(@Disposes S3Client client) {
    client.close();
  }

  @Produces
  @Singleton
  ObjectStore objectStore(S3Client s3) {
    return new S3ObjectStore(s3);
  }
}
