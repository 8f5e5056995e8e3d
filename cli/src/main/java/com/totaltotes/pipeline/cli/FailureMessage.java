package com.totaltotes.pipeline.cli;

import com.totaltotes.pipeline.PipelineException;
import java.util.Collection;

/**
 * The one-line reason printed for a failed command. Pipeline exceptions and our own argument errors
 * already say what and where without secrets; anything else is named by its type. Every known
 * secret of the command is masked anyway, and line breaks are folded, so the reason is one line.
 */
public final class FailureMessage {
  /** Secrets shorter than this are not masked (they would mask ordinary words). */
  static final int MIN_SECRET_LENGTH = 3;

  private FailureMessage() {}

  /** The reason of {@code failure}, with every one of {@code secrets} replaced by {@code ***}. */
  public static String of(Throwable failure, Collection<String> secrets) {
    String reason = reason(failure);
    for (String secret : secrets) {
      if (secret != null && secret.length() >= MIN_SECRET_LENGTH) {
        reason = reason.replace(secret, "***");
      }
    }
    return reason.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }

  private static String reason(Throwable failure) {
    String message = failure.getMessage();
    if (failure instanceof PipelineException || failure instanceof IllegalArgumentException) {
      if (message != null && !message.isBlank()) {
        return message;
      }
    }
    String type = failure.getClass().getSimpleName();
    if (message == null || message.isBlank()) {
      Throwable cause = failure.getCause();
      return cause == null || cause == failure ? type : type + ": " + reason(cause);
    }
    return type + ": " + message;
  }
}
