package com.totaltotes.pipeline.extract.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.totaltotes.pipeline.extract.ExtractConfig;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The extract's settings as the function reads them: environment variables and defaults. */
class ExtractSettingsTest {

  private static ExtractSettings read(Map<String, String> environment) {
    return new SmallRyeConfigBuilder()
        .withMapping(ExtractSettings.class)
        .withSources(new EnvConfigSource(environment, 300))
        .build()
        .getConfigMapping(ExtractSettings.class);
  }

  @Test
  void theTemplatesVariablesSetTheSettingsAndTheRestHaveTheirDefaults() {
    ExtractConfig config =
        read(Map.of(
                "TOTESYS_SECRET_ID", "totesys",
                "INGEST_BUCKET", "ingest",
                "EXTRACT_LOOKBACK", "PT3M"))
            .toConfig();
    assertThat(config)
        .isEqualTo(
            new ExtractConfig(
                "ingest",
                Duration.ofMinutes(3),
                100_000,
                2,
                ZoneId.of("UTC"),
                1_000_000,
                Duration.ofSeconds(90)));
    assertThat(ExtractSettings.Extract.defaults().toConfig("ingest").lookback())
        .isEqualTo(Duration.ofMinutes(10));
    assertThat(ExtractSettings.Extract.defaults().toConfig("ingest"))
        .as("the core's defaults, for the local runner, are the function's")
        .isEqualTo(ExtractConfig.defaults("ingest"));
  }

  @Test
  void everySettingHasItsVariable() {
    ExtractConfig config =
        read(Map.of(
                "TOTESYS_SECRET_ID", "totesys",
                "INGEST_BUCKET", "ingest",
                "EXTRACT_PART_ROWS", "7",
                "EXTRACT_WORKERS", "3",
                "EXTRACT_SOURCE_TIME_ZONE", "Europe/London",
                "EXTRACT_MAX_ROWS_PER_RUN", "300000",
                "EXTRACT_STOP_MARGIN", "PT2M"))
            .toConfig();
    assertThat(config.maxRowsPerRun()).isEqualTo(300_000);
    assertThat(config.stopMargin()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.partRows()).isEqualTo(7);
    assertThat(config.workers()).isEqualTo(3);
    assertThat(config.sourceTimeZone()).isEqualTo(ZoneId.of("Europe/London"));
  }

  @Test
  void aMissingOrWrongSettingIsNamed() {
    assertThatThrownBy(() -> read(Map.of("TOTESYS_SECRET_ID", "totesys")))
        .hasMessageContaining("ingest-bucket");
    assertThatThrownBy(
            () ->
                read(Map.of("TOTESYS_SECRET_ID", "t", "INGEST_BUCKET", "i", "EXTRACT_WORKERS", "0"))
                    .toConfig())
        .hasMessageContaining("EXTRACT_WORKERS");
  }
}
