package com.totaltotes.pipeline.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.totaltotes.pipeline.PipelineException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The one executor of the extract and the transform. */
class WorkersTest {
  private static final List<Integer> ITEMS = IntStream.range(0, 200).boxed().toList();

  @Test
  void everyItemIsDoneOnceAcrossTheWorkersAndItsResultKept() {
    Set<Integer> workersSeen = ConcurrentHashMap.newKeySet();
    AtomicInteger calls = new AtomicInteger();
    Map<Integer, Integer> results =
        Workers.run(
            "test",
            3,
            Workers.inOrder(ITEMS),
            (worker, item) -> {
              workersSeen.add(worker);
              calls.incrementAndGet();
              return item * 2;
            },
            String::valueOf);
    assertThat(calls).hasValue(ITEMS.size());
    assertThat(results).hasSize(ITEMS.size());
    ITEMS.forEach(i -> assertThat(results.get(i)).isEqualTo(i * 2));
    assertThat(workersSeen).allMatch(w -> w >= 0 && w < 3);
  }

  /**
   * A failure clears the queue, so the other worker gets no item after it. Asserted on the queue
   * itself (no item handed out once it was cleared), not on how many items the other worker did
   * before the failing one cleared it: that depends on how the two threads were scheduled (a count
   * bound failed once on a busy CI machine).
   */
  @Test
  void aFailureIsThrownAsItIsAndStopsTheOtherWorkersAtTheirNextItem() {
    AtomicInteger cleared = new AtomicInteger();
    AtomicInteger afterClear = new AtomicInteger();
    Workers.Queue<Integer, Integer> items = Workers.inOrder(ITEMS);
    Workers.Queue<Integer, Integer> watched =
        new Workers.Queue<>() {
          @Override
          public Integer next() throws InterruptedException {
            Integer item = items.next();
            if (item != null && cleared.get() > 0) {
              afterClear.incrementAndGet();
            }
            return item;
          }

          @Override
          public void done(Integer item, Integer result) {
            items.done(item, result);
          }

          @Override
          public void clear() {
            items.clear();
            cleared.incrementAndGet();
          }
        };
    IllegalStateException boom = new IllegalStateException("item 5 is bad");
    Throwable thrown =
        catchThrowable(
            () ->
                Workers.run(
                    "test",
                    2,
                    watched,
                    (worker, item) -> {
                      if (item == 5) {
                        throw boom;
                      }
                      return item;
                    },
                    String::valueOf));
    assertThat(thrown).isSameAs(boom);
    assertThat(cleared.get()).as("the failure cleared the queue").isPositive();
    assertThat(afterClear).as("no item handed out once the queue was cleared").hasValue(0);
  }

  @Test
  void anErrorOrACheckedExceptionBecomesATransientFailureNamingTheItem() {
    PipelineException oom =
        catchThrowableOfType(
            PipelineException.class,
            () ->
                Workers.run(
                    "transform run 7",
                    2,
                    Workers.inOrder(List.of("fact_payment")),
                    (worker, item) -> {
                      throw new OutOfMemoryError("injected");
                    },
                    s -> s));
    assertThat(oom)
        .hasMessageContaining("transform run 7")
        .hasMessageContaining("fact_payment")
        .hasMessageContaining("OutOfMemoryError: injected");
    assertThat(oom.permanent()).isFalse();

    PipelineException io =
        catchThrowableOfType(
            PipelineException.class,
            () ->
                Workers.run(
                    "extract",
                    1,
                    Workers.inOrder(List.of("payment")),
                    (worker, item) -> {
                      throw new java.io.IOException("disk full");
                    },
                    s -> s));
    assertThat(io).hasMessageContaining("payment").hasMessageContaining("disk full");
    assertThat(io.permanent()).isFalse();
  }

  @Test
  void aQueueHearsOfEachItemDoneWithItsResult() {
    Map<String, Integer> heard = new ConcurrentHashMap<>();
    Workers.Queue<String, Integer> inner = Workers.inOrder(List.of("a", "bb", "ccc"));
    Workers.Queue<String, Integer> queue =
        new Workers.Queue<>() {
          @Override
          public String next() throws InterruptedException {
            return inner.next();
          }

          @Override
          public void done(String item, Integer result) {
            heard.put(item, result);
          }

          @Override
          public void clear() {
            inner.clear();
          }
        };
    Workers.run("test", 2, queue, (worker, item) -> item.length(), s -> s);
    assertThat(heard).containsExactlyInAnyOrderEntriesOf(Map.of("a", 1, "bb", 2, "ccc", 3));
  }
}
