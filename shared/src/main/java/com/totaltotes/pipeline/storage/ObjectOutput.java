package com.totaltotes.pipeline.storage;

import java.io.OutputStream;

/**
 * A stream that becomes one stored object on {@link #close()}. After {@link #abort()} close does
 * nothing and no object appears.
 */
public abstract class ObjectOutput extends OutputStream {
  /** Discards the upload; safe to call more than once and after a failed close. */
  public abstract void abort();

  /** Bytes written so far. */
  public abstract long size();

  /**
   * The CRC-32C (8 hex digits) of the bytes written so far: the stored object's checksum once
   * closed.
   */
  public abstract String crc32c();
}
