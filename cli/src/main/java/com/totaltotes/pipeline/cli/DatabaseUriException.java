package com.totaltotes.pipeline.cli;

/**
 * A database URI on the command line could not be used. The message names the option and what is
 * wrong, never the URI itself (it may hold a password).
 */
public class DatabaseUriException extends IllegalArgumentException {
  public DatabaseUriException(String message) {
    super(message);
  }
}
