package com.totaltotes.pipeline.load.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.totaltotes.pipeline.load.LoadConfig;
import io.smallrye.config.WithDefault;
import org.junit.jupiter.api.Test;

/**
 * The load's bulk threshold is declared for the function ({@code @WithDefault}) and for the core's
 * other callers (the local runner, the benchmarks: {@link LoadConfig#DEFAULT_BULK_THRESHOLD_ROWS});
 * the two must be one number.
 */
class LoadSettingsDefaultsTest {
  @Test
  void theFunctionsBulkThresholdDefaultIsTheCoresDefault() throws Exception {
    WithDefault declared =
        LoadSettings.Load.class.getMethod("bulkThresholdRows").getAnnotation(WithDefault.class);
    assertThat(Long.parseLong(declared.value())).isEqualTo(LoadConfig.DEFAULT_BULK_THRESHOLD_ROWS);
  }
}
