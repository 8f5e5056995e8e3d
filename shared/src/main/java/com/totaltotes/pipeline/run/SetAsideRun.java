package com.totaltotes.pipeline.run;

import java.time.Instant;
import java.util.Objects;

/**
 * A run that a function failed on permanently and set aside, so that later runs go on: stored as
 * {@code _failed/<run>.json} in the processed bucket. The rows of the run are not lost: a repair
 * run (extract with {@code repair}) reads its window again and carries its raw files that still
 * verify.
 *
 * @param runId the run set aside
 * @param function {@code transform} or {@code load}
 * @param reason the failure, as a person can read it (never a secret or a row)
 * @param at when it was set aside
 */
public record SetAsideRun(String runId, String function, String reason, Instant at) {
  public static final String PREFIX = "_failed/";

  public SetAsideRun {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(reason, "reason");
  }

  public static String key(String runId) {
    return PREFIX + runId + ".json";
  }
}
