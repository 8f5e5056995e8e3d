package com.totaltotes.pipeline.generator;

/**
 * Unchecked failure of the totesys schema or data generator. The message names the step and the
 * table that failed; the cause (usually a {@link java.sql.SQLException}) is kept.
 */
public class GeneratorException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message what failed and where (step, table)
   * @param cause the underlying failure
   */
  public GeneratorException(String message, Throwable cause) {
    super(message, cause);
  }
}
