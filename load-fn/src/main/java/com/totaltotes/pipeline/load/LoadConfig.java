package com.totaltotes.pipeline.load;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Settings of the loader: the processed bucket it reads runs from, and the local directory where a
 * Parquet object is copied while it is read (Parquet needs random access; on Lambda, {@code /tmp}).
 * Their names and defaults: {@code LoadSettings} (the function's configuration).
 */
public record LoadConfig(String processedBucket, Path tempDir) {
  public LoadConfig {
    if (processedBucket == null || processedBucket.isBlank()) {
      throw new IllegalArgumentException("the processed bucket is not set (PROCESSED_BUCKET)");
    }
    if (tempDir == null || !Files.isDirectory(tempDir)) {
      throw new IllegalArgumentException(
          "the temporary directory does not exist (LOAD_TEMP_DIR): " + tempDir);
    }
  }
}
