package com.totaltotes.pipeline.storage;

import com.totaltotes.pipeline.json.MalformedObjectException;
import com.totaltotes.pipeline.manifest.FileEntry;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * Reads a stored file while counting its bytes and checksumming them (CRC-32C, and SHA-256 for an
 * entry written before issue 30 that holds only that); {@link #verify()}, after the last byte,
 * checks both against the file's manifest entry. A mismatch is a permanent {@link
 * MalformedObjectException} naming the object: it was changed, truncated or replaced.
 */
public final class VerifiedInput extends FilterInputStream {
  private final FileEntry file;
  private final String where;
  private final CRC32C crc = new CRC32C();

  /** Only for an entry that holds a SHA-256 and no CRC-32C. */
  private final MessageDigest sha;

  private long bytes;

  public VerifiedInput(InputStream in, FileEntry file, String where) {
    super(in);
    this.file = file;
    this.where = where;
    if (file.crc32c() == null && file.sha256() != null) {
      try {
        this.sha = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("no SHA-256 in this JVM", e);
      }
    } else {
      this.sha = null;
    }
  }

  /**
   * Reads {@code where} from {@code store} to its end and returns what is wrong with it, or null.
   */
  public static String problem(ObjectStore store, String bucket, FileEntry file) {
    String where = "s3://" + bucket + "/" + file.key();
    try (VerifiedInput in = new VerifiedInput(store.open(bucket, file.key()), file, where)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      in.verify();
      return null;
    } catch (ObjectNotFoundException | MalformedObjectException e) {
      return e.getMessage();
    } catch (IOException e) {
      return "cannot be read: " + e.getMessage();
    }
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      crc.update(b);
      if (sha != null) {
        sha.update((byte) b);
      }
      bytes++;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      crc.update(b, off, n);
      if (sha != null) {
        sha.update(b, off, n);
      }
      bytes += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] scratch = new byte[8192];
    long skipped = 0;
    while (skipped < n) {
      int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /** Reads whatever is left, then checks the byte count and the checksum against the manifest. */
  public void verify() throws IOException {
    transferTo(java.io.OutputStream.nullOutputStream());
    if (bytes != file.bytes()) {
      throw new MalformedObjectException(
          where
              + " holds "
              + bytes
              + " bytes but its manifest says "
              + file.bytes()
              + " (object changed, truncated or replaced)",
          null);
    }
    if (file.crc32c() != null) {
      if (!file.crc32c().equalsIgnoreCase(Crc32c.hex(crc))) {
        throw new MalformedObjectException(
            where + " does not match the CRC-32C in its manifest (object changed or corrupt)",
            null);
      }
    } else if (sha == null) {
      throw new MalformedObjectException(
          "the manifest entry of " + where + " has no checksum (crc32c or sha256)", null);
    } else if (!file.sha256().equalsIgnoreCase(HexFormat.of().formatHex(sha.digest()))) {
      throw new MalformedObjectException(
          where + " does not match the SHA-256 in its manifest (object changed or corrupt)", null);
    }
  }
}
