package com.totaltotes.pipeline.cli;

import com.totaltotes.pipeline.PipelineException;

/** Another runner holds the work directory's lock; retry when it has finished. */
public class WorkspaceBusyException extends PipelineException {
  public WorkspaceBusyException(String message) {
    super(message, false);
  }
}
