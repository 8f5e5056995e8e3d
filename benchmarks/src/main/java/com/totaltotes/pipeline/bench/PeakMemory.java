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

  /** VmHWM of this process (peak resident set, whole JVM lifetime), in MB. */
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
