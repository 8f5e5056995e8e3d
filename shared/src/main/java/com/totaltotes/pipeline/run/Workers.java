package com.totaltotes.pipeline.run;

import com.totaltotes.pipeline.PipelineException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The pipeline's one way of doing work in parallel (the extract's table reads and key sets, the
 * transform's table slices): a fixed number of workers, each taking the next item from a shared
 * {@link Queue} until none is left. The first failure stops the other workers at their next item
 * and is thrown once every worker has stopped, so nothing a worker uses (a connection, a file) is
 * closed under it. A {@link RuntimeException} is thrown as it is; an {@link Error} (out of memory)
 * or a checked exception becomes a transient {@link PipelineException} naming the item, so a retry
 * may succeed.
 */
public final class Workers {
  private static final Logger LOG = Logger.getLogger(Workers.class);

  /** How long the workers get to stop after a failure before the caller goes on. */
  private static final long STOP_SECONDS = 30;

  private Workers() {}

  /** The work of one item on one worker ({@code worker} numbers it from 0, e.g. its connection). */
  @FunctionalInterface
  public interface Task<T, R> {
    R run(int worker, T item) throws Exception;
  }

  /** Where the workers take their items from. */
  public interface Queue<T, R> {
    /** The next item, waiting while none is ready yet; null when none is left. */
    T next() throws InterruptedException;

    /** The item is done, with its result (a queue may hand out items that waited for it). */
    void done(T item, R result);

    /** Drops every item not handed out yet: a worker failed. */
    void clear();
  }

  /** A queue handing out {@code items} in their order. */
  public static <T, R> Queue<T, R> inOrder(List<T> items) {
    ArrayDeque<T> waiting = new ArrayDeque<>(items);
    return new Queue<>() {
      @Override
      public synchronized T next() {
        return waiting.poll();
      }

      @Override
      public void done(T item, R result) {
        // nothing waits on an item
      }

      @Override
      public synchronized void clear() {
        waiting.clear();
      }
    };
  }

  /**
   * Runs {@code task} for every item of {@code queue} on {@code workers} threads and returns each
   * item's result (keyed by the item itself, by identity).
   *
   * @param what the work, for messages ("extract run 00000003-…")
   * @param name an item's name, for messages
   */
  public static <T, R> Map<T, R> run(
      String what, int workers, Queue<T, R> queue, Task<T, R> task, Function<T, String> name) {
    Map<T, R> results = Collections.synchronizedMap(new IdentityHashMap<>());
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        int worker = i;
        running.add(pool.submit(() -> work(what, worker, queue, task, name, results)));
      }
      for (Future<?> w : running) {
        try {
          w.get();
        } catch (ExecutionException e) {
          queue.clear();
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          throw PipelineException.transientFailure(what + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw PipelineException.transientFailure(what + " was interrupted", e);
        }
      }
      return results;
    } finally {
      stop(what, pool);
    }
  }

  private static <T, R> Void work(
      String what,
      int worker,
      Queue<T, R> queue,
      Task<T, R> task,
      Function<T, String> name,
      Map<T, R> results)
      throws InterruptedException {
    try {
      for (T item; (item = queue.next()) != null; ) {
        R result;
        try {
          result = task.run(worker, item);
        } catch (RuntimeException e) {
          throw e;
        } catch (InterruptedException e) {
          throw e;
        } catch (Exception | Error e) {
          throw PipelineException.transientFailure(
              what + " failed in the worker for " + name.apply(item) + ": " + e, e);
        }
        results.put(item, result);
        queue.done(item, result);
      }
      return null;
    } catch (RuntimeException | InterruptedException e) {
      queue.clear(); // stop the other workers at their next item
      throw e;
    }
  }

  /** Stops the workers and waits for them, so nothing they use is closed under them. */
  private static void stop(String what, ExecutorService pool) {
    pool.shutdownNow();
    try {
      if (!pool.awaitTermination(STOP_SECONDS, TimeUnit.SECONDS)) {
        LOG.warnf("%s: workers did not stop within %d s", what, STOP_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
