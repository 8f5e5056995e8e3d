package com.totaltotes.pipeline.cdi;

import com.totaltotes.pipeline.credentials.DatabaseTimeouts;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The settings of the services every function shares ({@link SharedServices}), with their defaults:
 * the one place they are declared. A setting's environment variable is its name in upper case, with
 * '_' for '.' and '-' (e.g. {@code db.statement-timeout}: {@code DB_STATEMENT_TIMEOUT}).
 */
@ConfigMapping(prefix = "")
public interface SharedSettings {

  Secrets secrets();

  Credentials credentials();

  Db db();

  /** Secrets Manager: the SDK's region chain (AWS_REGION on Lambda) unless set; the rest: tests. */
  interface Secrets {
    Optional<String> region();

    Optional<URI> endpointOverride();

    Optional<String> accessKeyId();

    Optional<String> secretAccessKey();
  }

  interface Credentials {
    /** How long a database secret read from Secrets Manager is kept. */
    @WithDefault("PT5M")
    Duration ttl();
  }

  /**
   * Database timeouts (ISO-8601 durations such as PT5M); each one not set comes from {@link
   * DatabaseTimeouts#DEFAULTS}, which the pools' driver settings in application.properties mirror
   * (a test checks).
   */
  interface Db {
    Optional<Duration> connectTimeout();

    Optional<Duration> loginTimeout();

    Optional<Duration> socketTimeout();

    Optional<Duration> statementTimeout();

    Optional<Duration> lockTimeout();

    default DatabaseTimeouts timeouts() {
      return DatabaseTimeouts.withDefaults(
          connectTimeout(), loginTimeout(), socketTimeout(), statementTimeout(), lockTimeout());
    }
  }
}
