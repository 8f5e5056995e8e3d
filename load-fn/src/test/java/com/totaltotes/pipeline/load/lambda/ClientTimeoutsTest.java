package com.totaltotes.pipeline.load.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.totaltotes.pipeline.credentials.DatabaseTimeouts;
import com.totaltotes.pipeline.load.LoadConfig;
import com.totaltotes.pipeline.storage.NoExpectContinue;
import com.totaltotes.pipeline.storage.S3Timeouts;
import com.totaltotes.pipeline.testing.PipelineTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The function's clients carry the timeouts of issue 12: Quarkus picked up the {@code quarkus.s3.*}
 * timeouts and our retry policy, and the unset {@code DB_*_TIMEOUT} variables leave the defaults.
 */
@QuarkusTest
@QuarkusTestResource(PipelineTestResource.class)
class ClientTimeoutsTest {
  @Inject S3Client s3;
  @Inject DatabaseTimeouts databaseTimeouts;

  @Inject LoadConfig loadConfig;

  @Test
  void s3ClientHasTheConfiguredTimeoutsAndStandardRetries() {
    ClientOverrideConfiguration o = s3.serviceClientConfiguration().overrideConfiguration();
    assertThat(o.apiCallAttemptTimeout()).contains(S3Timeouts.DEFAULTS.attempt());
    assertThat(o.apiCallTimeout()).contains(S3Timeouts.DEFAULTS.call());
    assertThat(o.retryStrategy())
        .get()
        .isInstanceOf(StandardRetryStrategy.class)
        .satisfies(r -> assertThat(r.maxAttempts()).isEqualTo(3));
  }

  @Test
  void s3ClientKeepsTheInterceptorTheExtensionConfigured() {
    assertThat(s3.serviceClientConfiguration().overrideConfiguration().executionInterceptors())
        .anyMatch(i -> i instanceof NoExpectContinue);
  }

  @Test
  void unsetDatabaseTimeoutVariablesLeaveTheDefaults() {
    assertThat(databaseTimeouts).isEqualTo(DatabaseTimeouts.DEFAULTS);
  }

  @Test
  void unsetBulkThresholdVariableLeavesTheDefault() {
    assertThat(loadConfig.bulkThresholdRows()).isEqualTo(LoadConfig.DEFAULT_BULK_THRESHOLD_ROWS);
  }
}
