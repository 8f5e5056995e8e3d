package com.totaltotes.pipeline.storage;

import java.util.zip.CRC32C;

/** The CRC-32C of stored bytes as manifests write it: 8 lower-case hex digits. */
final class Crc32c {
  private Crc32c() {}

  static String hex(CRC32C crc) {
    return String.format("%08x", crc.getValue());
  }
}
