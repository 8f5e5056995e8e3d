package com.totaltotes.pipeline.transform.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.totaltotes.pipeline.transform.TransformConfig;
import org.junit.jupiter.api.Test;

/**
 * The transform's defaults are declared for the function ({@code @WithDefault} in {@link
 * TransformSettings}) and for the local runner ({@link TransformConfig#defaults}): one set.
 */
class TransformSettingsDefaultsTest {
  @Test
  void theCoresDefaultsAreTheFunctions() {
    assertThat(TransformSettings.Transform.defaults().toConfig("ingest", "processed"))
        .isEqualTo(TransformConfig.defaults("ingest", "processed"));
  }
}
