package com.totaltotes.pipeline.load.lambda;

import com.totaltotes.pipeline.load.LoadConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/**
 * Every setting of the load function, with its default: the one place they are declared. A
 * setting's environment variable is its name in upper case, with '_' for '.' and '-' (e.g. {@code
 * load.temp-dir}: {@code LOAD_TEMP_DIR}); sam/template.yaml sets those names (a deploy test
 * checks). Quarkus validates the mapping at start; {@link LoadWiring} then builds the core's {@link
 * LoadConfig}, whose checks also name the setting, at start too.
 */
@ConfigMapping(prefix = "")
public interface LoadSettings {

  /** The id of the warehouse database's RDS-format secret in Secrets Manager. */
  String warehouseSecretId();

  /** The bucket transformed runs are read from. */
  String processedBucket();

  Load load();

  /** The load's own settings ({@code load.*}). */
  interface Load {
    /** Where a Parquet object is copied while it is read (Lambda's writable disk). */
    @WithDefault("/tmp")
    String tempDir();

    /**
     * A run that stages at least this many fact rows loads on the bulk path (the facts' keys
     * dropped and validated set-wise inside the run's transaction; ACCESS EXCLUSIVE locks on the
     * fact tables and the dimensions they reference until it commits): 0 = every run, {@code
     * 9223372036854775807} = never.
     */
    @WithDefault("20000")
    long bulkThresholdRows();
  }

  /** The core's settings. */
  default LoadConfig toConfig() {
    return new LoadConfig(processedBucket(), Path.of(load().tempDir()), load().bulkThresholdRows());
  }
}
