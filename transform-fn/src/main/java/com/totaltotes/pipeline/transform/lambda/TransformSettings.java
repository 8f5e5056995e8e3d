package com.totaltotes.pipeline.transform.lambda;

import com.totaltotes.pipeline.transform.TransformConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.WithDefault;

/**
 * Every setting of the transform function, with its default: the one place they are declared. A
 * setting's environment variable is its name in upper case, with '_' for '.' and '-' (e.g. {@code
 * transform.part-rows}: {@code TRANSFORM_PART_ROWS}); sam/template.yaml sets those names (a deploy
 * test checks). Quarkus validates the mapping at start; {@link TransformWiring} then builds the
 * core's {@link TransformConfig}, whose checks also name the setting, at start too.
 */
@ConfigMapping(prefix = "")
public interface TransformSettings {

  /** The bucket raw runs are read from. */
  String ingestBucket();

  /** The bucket transformed runs are written to. */
  String processedBucket();

  Transform transform();

  /** The transform's own settings ({@code transform.*}). */
  interface Transform {
    /** The most rows per Parquet part. */
    @WithDefault("1000000")
    int partRows();

    /** Tables transformed at once (threads). */
    @WithDefault("2")
    int workers();

    /** The core's settings, with the buckets. */
    default TransformConfig toConfig(String ingestBucket, String processedBucket) {
      return new TransformConfig(ingestBucket, processedBucket, partRows(), workers());
    }

    /** The defaults, for a run outside the function (the CLI, benchmarks, tests). */
    static Transform defaults() {
      return new SmallRyeConfigBuilder()
          .withMapping(Transform.class, "transform")
          .build()
          .getConfigMapping(Transform.class, "transform");
    }
  }

  /** The core's settings. */
  default TransformConfig toConfig() {
    return transform().toConfig(ingestBucket(), processedBucket());
  }
}
