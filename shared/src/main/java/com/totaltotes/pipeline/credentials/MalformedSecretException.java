package com.totaltotes.pipeline.credentials;

import com.totaltotes.pipeline.PipelineException;

/** The secret exists but is not an RDS-format database secret. Never quotes the secret's value. */
public class MalformedSecretException extends PipelineException {
  public MalformedSecretException(String secretId, String problem) {
    super("secret '" + secretId + "' is not an RDS-format database secret: " + problem, true);
  }
}
