package com.totaltotes.pipeline.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * One stored data file of a run: its key, row count, size and the checksum of its bytes. Files
 * written since issue 30 carry their CRC-32C ({@code crc32c}, 8 hex digits: the Castagnoli CRC of
 * the stored bytes, far cheaper to compute than a SHA-256), earlier ones their SHA-256 ({@code
 * sha256}, hex); an entry holds one of the two, and readers verify whichever it holds.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FileEntry(String key, long rows, long bytes, String sha256, String crc32c) {
  public FileEntry {
    Objects.requireNonNull(key, "key");
    if (rows < 0 || bytes < 0) {
      throw new IllegalArgumentException("negative rows or bytes for " + key);
    }
  }

  /** An entry as written before issue 30: its SHA-256. */
  public FileEntry(String key, long rows, long bytes, String sha256) {
    this(key, rows, bytes, sha256, null);
  }

  /** The entry of a file written now: its CRC-32C, as {@code ObjectOutput#crc32c} gives it. */
  public static FileEntry withCrc32c(String key, long rows, long bytes, String crc32c) {
    return new FileEntry(key, rows, bytes, null, crc32c);
  }
}
