package com.totaltotes.pipeline.storage;

import com.totaltotes.pipeline.PipelineException;

/** An object store operation failed; the message names the bucket and key. */
public class StorageException extends PipelineException {
  public StorageException(String message, boolean permanent, Throwable cause) {
    super(message, permanent, cause);
  }
}
