package com.totaltotes.pipeline.json;

import com.totaltotes.pipeline.PipelineException;

/** A stored object (manifest, data file) cannot be parsed. Permanent until the object is fixed. */
public class MalformedObjectException extends PipelineException {
  public MalformedObjectException(String message, Throwable cause) {
    super(message, true, cause);
  }
}
