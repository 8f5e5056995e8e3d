package com.totaltotes.pipeline.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The timeout record's defaults and validation (issue 12). */
class DatabaseTimeoutsTest {

  @Test
  void defaultsBoundEveryWaitAndKeepTheSocketAboveTheStatement() {
    DatabaseTimeouts d = DatabaseTimeouts.DEFAULTS;
    assertThat(d.connect()).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.login()).isEqualTo(Duration.ofSeconds(20));
    assertThat(d.statement()).isEqualTo(Duration.ofMinutes(5));
    assertThat(d.lock()).isEqualTo(Duration.ofMinutes(1));
    assertThat(d.socket()).isEqualTo(Duration.ofMinutes(6));
  }

  @Test
  void absentSocketTimeoutFollowsAConfiguredStatementTimeout() {
    DatabaseTimeouts t =
        DatabaseTimeouts.withDefaults(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(Duration.ofMinutes(10)),
            Optional.empty());
    assertThat(t.statement()).isEqualTo(Duration.ofMinutes(10));
    assertThat(t.socket()).isEqualTo(Duration.ofMinutes(11));
    assertThat(t.login()).isEqualTo(DatabaseTimeouts.DEFAULTS.login());
  }

  @Test
  void socketTimeoutNotAboveStatementTimeoutIsRejected() {
    assertThatThrownBy(
            () ->
                new DatabaseTimeouts(
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(20),
                    Duration.ofSeconds(300),
                    Duration.ofSeconds(300),
                    Duration.ofSeconds(60)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("socket timeout PT5M must be longer than the statement timeout PT5M");
  }

  @Test
  void zeroOrNegativeTimeoutIsRejected() {
    assertThatThrownBy(() -> DatabaseTimeouts.DEFAULTS.withLogin(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("login timeout must be positive");
    assertThatThrownBy(
            () ->
                new DatabaseTimeouts(
                    Duration.ofSeconds(-1),
                    Duration.ofSeconds(20),
                    Duration.ofSeconds(360),
                    Duration.ofSeconds(300),
                    Duration.ofSeconds(60)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("connect timeout must be positive");
  }
}
