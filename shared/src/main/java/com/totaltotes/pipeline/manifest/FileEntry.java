package com.totaltotes.pipeline.manifest;

import java.util.Objects;

/** One stored data file of a run: its key, row count, size and SHA-256 (hex) of its bytes. */
public record FileEntry(String key, long rows, long bytes, String sha256) {
  public FileEntry {
    Objects.requireNonNull(key, "key");
    if (rows < 0 || bytes < 0) {
      throw new IllegalArgumentException("negative rows or bytes for " + key);
    }
  }
}
