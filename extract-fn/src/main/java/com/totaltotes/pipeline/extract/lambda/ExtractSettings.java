package com.totaltotes.pipeline.extract.lambda;

import com.totaltotes.pipeline.extract.ExtractConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.ZoneId;

/**
 * Every setting of the extract function, with its default: the one place they are declared. A
 * setting's environment variable is its name in upper case, with '_' for '.' and '-' (e.g. {@code
 * extract.part-rows}: {@code EXTRACT_PART_ROWS}); sam/template.yaml sets those names (a deploy test
 * checks). Quarkus validates the mapping at start (a missing or unconvertible value names the
 * setting); {@link ExtractWiring} then builds the core's {@link ExtractConfig}, whose checks also
 * name the setting, at start too.
 */
@ConfigMapping(prefix = "")
public interface ExtractSettings {

  /** The id of the totesys database's RDS-format secret in Secrets Manager. */
  String totesysSecretId();

  /** The bucket raw runs are written to. */
  String ingestBucket();

  Extract extract();

  /** The extract's own settings ({@code extract.*}). */
  interface Extract {
    /** How far before the previous watermark to read again (late commits). */
    @WithDefault("PT10M")
    Duration lookback();

    /** Rows per part file. */
    @WithDefault("100000")
    int partRows();

    /** Connections reading tables in parallel, all in one exported snapshot. */
    @WithDefault("2")
    int workers();

    /** The zone totesys writes its zone-less last_updated in (RDS' default zone). */
    @WithDefault("UTC")
    String sourceTimeZone();

    /**
     * The most source rows one run reads (0: no cap): a larger backlog is done in several complete
     * runs (bounded runs, issue 16).
     */
    @WithDefault("1000000")
    long maxRowsPerRun();

    /**
     * How long before the invocation's deadline a run stops reading: the key sets and the manifest
     * still have to be written.
     */
    @WithDefault("PT90S")
    Duration stopMargin();

    /** The core's settings, with the ingest bucket. */
    default ExtractConfig toConfig(String bucket) {
      return new ExtractConfig(
          bucket,
          lookback(),
          partRows(),
          workers(),
          ZoneId.of(sourceTimeZone()),
          maxRowsPerRun(),
          stopMargin());
    }

    /** The defaults, for a run outside the function (the CLI, benchmarks). */
    static Extract defaults() {
      return new SmallRyeConfigBuilder()
          .withMapping(Extract.class, "extract")
          .build()
          .getConfigMapping(Extract.class, "extract");
    }
  }

  /** The core's settings. */
  default ExtractConfig toConfig() {
    return extract().toConfig(ingestBucket());
  }
}
