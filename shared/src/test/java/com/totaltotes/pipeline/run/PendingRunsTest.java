package com.totaltotes.pipeline.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.totaltotes.pipeline.PipelineException;
import com.totaltotes.pipeline.json.MalformedObjectException;
import com.totaltotes.pipeline.manifest.ManifestConflictException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The transform's and the load's one loop over pending runs. */
class PendingRunsTest {
  private static final List<RunId> RUNS =
      IntStream.rangeClosed(1, 5)
          .mapToObj(i -> new RunId(i, Instant.parse("2026-12-07T10:00:00Z").plusSeconds(i * 600L)))
          .toList();

  /** A stage whose runs have 100 rows each and do what {@code outcome} says. */
  private static PendingRuns.Work<String> work(Function<RunId, String> outcome, long rows) {
    return new PendingRuns.Work<>() {
      @Override
      public long rows(RunId run) {
        return rows;
      }

      @Override
      public String process(RunId run) {
        return outcome.apply(run);
      }

      @Override
      public String setAside(RunId run, PipelineException failure) {
        return "set aside " + run.seq() + ": " + failure.getMessage();
      }
    };
  }

  private static TimeBudget unbounded() {
    return new TimeBudget(Deadline.NONE, TimeBudget.DEFAULT_MARGIN, 1000);
  }

  @Test
  void everyRunIsDoneInOrderAndNothingIsLeft() {
    List<String> done = new ArrayList<>();
    PendingRuns.Backlog left =
        PendingRuns.run(
            Stage.LOAD,
            RUNS,
            unbounded(),
            Deadline.NONE,
            work(r -> "ok " + r.seq(), 100),
            done::add);
    assertThat(done).containsExactly("ok 1", "ok 2", "ok 3", "ok 4", "ok 5");
    assertThat(left).isEqualTo(PendingRuns.Backlog.NONE);
  }

  /**
   * Runs every pending run, unbounded, where run {@code seq} fails with {@code failure}; the
   * summaries done go to {@code done}; returns what was thrown (null: nothing).
   */
  private static Throwable runFailingAt(long seq, RuntimeException failure, List<String> done) {
    return catchThrowable(
        () ->
            PendingRuns.run(
                Stage.LOAD,
                RUNS,
                unbounded(),
                Deadline.NONE,
                work(
                    r -> {
                      if (r.seq() == seq) {
                        throw failure;
                      }
                      return "ok " + r.seq();
                    },
                    100),
                done::add));
  }

  @Test
  void aRunWhoseOwnDataIsBadIsSetAsideAndTheNextGoOn() {
    List<String> done = new ArrayList<>();
    PipelineException truncated =
        PipelineException.permanentFailure(
            "truncated", new MalformedObjectException("part 3 is truncated", null));
    assertThat(runFailingAt(2, truncated, done)).isNull();
    assertThat(done).containsExactly("ok 1", "set aside 2: truncated", "ok 3", "ok 4", "ok 5");
  }

  @Test
  void aFailureThatWouldFailEveryRunStopsTheInvocationAfterTheRunsDone() {
    List<String> done = new ArrayList<>();
    PipelineException refused = PipelineException.permanentFailure("login refused");
    assertThat(runFailingAt(3, refused, done)).isSameAs(refused);
    assertThat(done).containsExactly("ok 1", "ok 2");
  }

  @Test
  void aRunAnotherInvocationWroteFirstStopsThisOneAndIsNotSetAside() {
    List<String> done = new ArrayList<>();
    ManifestConflictException conflict = new ManifestConflictException("seq 2 written by another");
    assertThat(runFailingAt(2, conflict, done)).isSameAs(conflict);
    assertThat(done).containsExactly("ok 1");
  }

  @Test
  void whenTheNextRunWillNotFitTheRestIsCountedForTheNextInvocation() {
    // 2 s left, a 60 s margin: after the first run nothing more fits
    Deadline deadline = Deadline.after(Duration.ofSeconds(2));
    TimeBudget budget = new TimeBudget(deadline, TimeBudget.DEFAULT_MARGIN, 1000);
    List<String> done = new ArrayList<>();
    PendingRuns.Backlog left =
        PendingRuns.run(
            Stage.LOAD, RUNS, budget, deadline, work(r -> "ok " + r.seq(), 100), done::add);
    assertThat(done).containsExactly("ok 1");
    assertThat(left).isEqualTo(new PendingRuns.Backlog(4, 400));
  }
}
