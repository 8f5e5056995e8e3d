package com.totaltotes.pipeline.load;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Settings of the loader: the processed bucket it reads runs from, and the local directory where a
 * Parquet object is copied while it is read (Parquet needs random access; on Lambda, {@code /tmp}).
 */
public record LoadConfig(String processedBucket, Path tempDir) {
  public LoadConfig {
    if (processedBucket == null || processedBucket.isBlank()) {
      throw new IllegalArgumentException("processed bucket is not set (PROCESSED_BUCKET)");
    }
    if (tempDir == null || !Files.isDirectory(tempDir)) {
      throw new IllegalArgumentException("temporary directory does not exist: " + tempDir);
    }
  }
}
