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
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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
 * <p>Configuration: {@code totes.secrets.region} (default: the SDK's region chain, i.e. AWS_REGION
 * on Lambda), {@code totes.secrets.endpoint-override} and static keys (tests only), {@code
 * totes.credentials.ttl} (default 5 minutes), and the database timeouts {@code
 * totes.db.connect-timeout}, {@code totes.db.login-timeout}, {@code totes.db.socket-timeout},
 * {@code totes.db.statement-timeout}, {@code totes.db.lock-timeout} (ISO-8601 durations such as
 * {@code PT5M}; each absent one comes from {@link DatabaseTimeouts#DEFAULTS}).
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
  SecretsManagerClient secretsManagerClient(
      @ConfigProperty(name = "totes.secrets.region") Optional<String> region,
      @ConfigProperty(name = "totes.secrets.endpoint-override") Optional<URI> endpointOverride,
      @ConfigProperty(name = "totes.secrets.access-key-id") Optional<String> accessKey,
      @ConfigProperty(name = "totes.secrets.secret-access-key") Optional<String> secretKey) {
    SecretsManagerClientBuilder builder =
        SecretsManagerClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
    region.map(Region::of).ifPresent(builder::region);
    endpointOverride.ifPresent(builder::endpointOverride);
    if (endpointOverride.isPresent() && region.isEmpty()) {
      builder.region(Region.US_EAST_1);
    }
    if (accessKey.isPresent() && secretKey.isPresent()) {
      builder.credentialsProvider(
          StaticCredentialsProvider.create(
              AwsBasicCredentials.create(accessKey.get(), secretKey.get())));
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
  DatabaseTimeouts databaseTimeouts(
      @ConfigProperty(name = "totes.db.connect-timeout") Optional<Duration> connect,
      @ConfigProperty(name = "totes.db.login-timeout") Optional<Duration> login,
      @ConfigProperty(name = "totes.db.socket-timeout") Optional<Duration> socket,
      @ConfigProperty(name = "totes.db.statement-timeout") Optional<Duration> statement,
      @ConfigProperty(name = "totes.db.lock-timeout") Optional<Duration> lock) {
    return DatabaseTimeouts.withDefaults(connect, login, socket, statement, lock);
  }

  @Produces
  @Singleton
  DatabaseCredentials databaseCredentials(
      SecretSource source,
      Clock clock,
      @ConfigProperty(name = "totes.credentials.ttl", defaultValue = "PT5M") Duration ttl) {
    return new DatabaseCredentials(source, clock, ttl);
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
