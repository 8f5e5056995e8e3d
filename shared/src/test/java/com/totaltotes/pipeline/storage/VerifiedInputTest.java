package com.totaltotes.pipeline.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.totaltotes.pipeline.json.MalformedObjectException;
import com.totaltotes.pipeline.manifest.FileEntry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/**
 * The checksums a manifest entry carries: the CRC-32C of files written since issue 30, the SHA-256
 * of older ones, each verified against the bytes read.
 */
class VerifiedInputTest {
  private static final byte[] BYTES = "{\"id\":1}\n{\"id\":2}\n".getBytes(StandardCharsets.UTF_8);

  private static void verify(byte[] read, FileEntry entry) throws Exception {
    try (VerifiedInput in = new VerifiedInput(new ByteArrayInputStream(read), entry, "s3://b/k")) {
      in.verify();
    }
  }

  private static String crc32c(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    return String.format("%08x", crc.getValue());
  }

  @Test
  void aFileWrittenNowIsCheckedByItsCrc32c() throws Exception {
    FileEntry entry = FileEntry.withCrc32c("k", 2, BYTES.length, crc32c(BYTES));
    verify(BYTES, entry);
    byte[] other = BYTES.clone();
    other[3] ^= 0x01;
    assertThatThrownBy(() -> verify(other, entry))
        .isInstanceOf(MalformedObjectException.class)
        .hasMessageContaining("s3://b/k does not match the CRC-32C in its manifest");
  }

  @Test
  void aFileOfAnOlderRunIsStillCheckedByItsSha256() throws Exception {
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(BYTES));
    FileEntry entry = new FileEntry("k", 2, BYTES.length, sha);
    verify(BYTES, entry);
    byte[] other = BYTES.clone();
    other[3] ^= 0x01;
    assertThatThrownBy(() -> verify(other, entry))
        .hasMessageContaining("does not match the SHA-256 in its manifest");
  }

  @Test
  void anEntryWithoutAChecksumOrWithAnotherSizeIsRefused() {
    assertThatThrownBy(() -> verify(BYTES, new FileEntry("k", 2, BYTES.length, null)))
        .hasMessageContaining("has no checksum");
    assertThatThrownBy(
            () -> verify(BYTES, FileEntry.withCrc32c("k", 2, BYTES.length + 1, crc32c(BYTES))))
        .hasMessageContaining("holds " + BYTES.length + " bytes");
    assertThat(crc32c(BYTES)).hasSize(8);
  }
}
