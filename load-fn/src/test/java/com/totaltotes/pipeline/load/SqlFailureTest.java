package com.totaltotes.pipeline.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Which database errors a retry can fix (issue 12: timeouts are transient). */
class SqlFailureTest {

  private static SQLException state(String sqlState) {
    return new SQLException("server said no", sqlState);
  }

  @Test
  void lockTimeoutIsTransientBecauseAConcurrentLoadWillReleaseTheLock() {
    assertThat(SqlFailure.isPermanent(state("55P03"))).isFalse();
  }

  @Test
  void statementTimeoutIsTransient() {
    assertThat(SqlFailure.isPermanent(state("57014"))).isFalse();
  }

  @Test
  void foreignKeyViolationIsPermanent() {
    assertThat(SqlFailure.isPermanent(state("23503"))).isTrue();
  }

  @Test
  void otherObjectStateErrorsStayPermanent() {
    // 55000 object_not_in_prerequisite_state: only 55P03 of class 55 is a timeout
    assertThat(SqlFailure.isPermanent(state("55000"))).isTrue();
  }
}
