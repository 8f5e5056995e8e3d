package com.totaltotes.pipeline.manifest;

import com.totaltotes.pipeline.PipelineException;

/**
 * Another run already wrote a manifest with this seq (two concurrent runs). Permanent for this run.
 */
public class ManifestConflictException extends PipelineException {
  public ManifestConflictException(String message) {
    super(message, true);
  }
}
