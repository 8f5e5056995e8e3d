package com.totaltotes.pipeline.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/** Samples heap use every 20 ms while a stage runs; reads the process's peak RSS from /proc. */
final class PeakMemory implements AutoCloseable {
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final Thread sampler;
  private volatile boolean running = true;
  private volatile long peakHeap;

  PeakMemory() {
    System.gc();
    sampler =
        new Thread(
            () -> {
              while (running) {
                peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
                try {
                  Thread.sleep(20);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "peak-memory");
    sampler.setDaemon(true);
    sampler.start();
  }

  long peakHeapMb() {
    return peakHeap / (1024 * 1024);
  }

  /**
   * Resets this process's VmHWM to its current resident set (Linux: {@code echo 5 >
   * /proc/self/clear_refs}), so that {@link #peakRssMb} then reads the peak since now.
   *
   * @throws IllegalStateException where the kernel does not allow it
   */
  static void resetPeakRss() {
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot reset the peak RSS (/proc/self/clear_refs)", e);
    }
  }

  /** VmHWM of this process (peak resident set since start or {@link #resetPeakRss}), in MB. */
  static long peakRssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
      }
    } catch (Exception e) {
      return -1;
    }
    return -1;
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
  }
}
