package com.totaltotes.pipeline.storage;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Wraps an {@link ObjectOutput} so that closing a stream layered on it (gzip, a JSON generator)
 * flushes but does not store the object: the caller closes the object itself once the layers are
 * finished, or aborts it.
 */
public final class KeepOpen extends FilterOutputStream {
  public KeepOpen(OutputStream out) {
    super(out);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
  }

  @Override
  public void close() throws IOException {
    flush();
  }
}
