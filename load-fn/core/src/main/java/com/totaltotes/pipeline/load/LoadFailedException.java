package com.totaltotes.pipeline.load;

import com.totaltotes.pipeline.PipelineException;

/**
 * Loading a processed run failed; its transaction was rolled back, so the warehouse is as it was
 * before the run. The message names the run, the step, and the table and file when there was one.
 */
public class LoadFailedException extends PipelineException {
  public LoadFailedException(String message, boolean permanent, Throwable cause) {
    super(message, permanent, cause);
  }
}
