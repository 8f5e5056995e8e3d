package com.totaltotes.pipeline.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.totaltotes.pipeline.HungServer;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;

/** S3 timeouts and retries (issue 12) against an endpoint that accepts and never answers. */
class S3TimeoutsIntegrationTest {

  @Test
  void hungEndpointFailsWithinTheCallTimeoutAsTransient() throws Exception {
    // GIVEN an endpoint that accepts connections and never answers, and short timeouts
    S3Timeouts quick =
        new S3Timeouts(
            Duration.ofSeconds(1),
            Duration.ofSeconds(3),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            2);
    try (HungServer hung = new HungServer();
        S3Client client =
            S3Clients.forEndpoint(
                URI.create("http://127.0.0.1:" + hung.port()), "us-east-1", "a", "b", quick)) {
      // WHEN the store lists a prefix
      long start = System.nanoTime();
      StorageException e =
          catchThrowableOfType(
              () -> new S3ObjectStore(client).list("hung-bucket", "p/", null),
              StorageException.class);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      // THEN it fails within the 3 s call timeout (plus slack), not the SDK's unbounded default
      assertThat(e).as("a hung endpoint must fail the call").isNotNull();
      assertThat(hung.accepted()).as("the client reached the hung endpoint").isPositive();
      assertThat(took).isLessThan(Duration.ofSeconds(8));
      assertThat(e.permanent()).as("a hung endpoint is transient").isFalse();
      assertThat(e).hasMessageContaining("hung-bucket");
    }
  }

  @Test
  void defaultClientHasBoundedTimeoutsAndStandardRetries() {
    try (S3Client client =
        S3Clients.forEndpoint(URI.create("http://127.0.0.1:1"), "us-east-1", "a", "b")) {
      ClientOverrideConfiguration o = client.serviceClientConfiguration().overrideConfiguration();
      assertThat(o.apiCallAttemptTimeout()).contains(Duration.ofSeconds(60));
      assertThat(o.apiCallTimeout()).contains(Duration.ofSeconds(180));
      assertThat(o.retryStrategy())
          .get()
          .isInstanceOf(StandardRetryStrategy.class)
          .satisfies(r -> assertThat(r.maxAttempts()).isEqualTo(6)); // S3Clients.S3_COMPATIBLE
    }
  }

  @Test
  void callTimeoutShorterThanAttemptTimeoutIsRejected() {
    assertThatThrownBy(
            () ->
                new S3Timeouts(
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(30),
                    3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("call timeout PT30S is shorter than the attempt timeout PT1M");
  }
}
