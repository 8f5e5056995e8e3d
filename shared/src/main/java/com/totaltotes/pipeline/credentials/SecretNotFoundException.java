package com.totaltotes.pipeline.credentials;

import com.totaltotes.pipeline.PipelineException;

/** The secret id names no secret (or the caller may not read it). Permanent. */
public class SecretNotFoundException extends PipelineException {
  public SecretNotFoundException(String secretId, Throwable cause) {
    super("secret '" + secretId + "' was not found or is not readable", true, cause);
  }
}
