package com.totaltotes.pipeline.credentials;

import com.totaltotes.pipeline.PipelineException;

/**
 * The database could not be used: authentication refused (permanent) or the server unreachable
 * (transient). The message names the database by host, port and name only.
 */
public class DatabaseUnavailableException extends PipelineException {
  public DatabaseUnavailableException(String message, boolean permanent, Throwable cause) {
    super(message, permanent, cause);
  }
}
