package com.totaltotes.pipeline.bench;

import java.util.Arrays;
import java.util.List;

/**
 * The medians of one stage's repetitions: anchor seconds, ours, and the peak RSS of our stage (the
 * largest over the repetitions, each in a JVM of its own: {@link StageJvm}).
 */
record StageResult(String stage, double anchorSeconds, double oursSeconds, long peakRssMb) {
  static final String HEADER = "stage anchor_s ours_s ratio peak_rss_mb";

  /** Anchor ÷ ours: above 1, ours is faster than the anchor. */
  double ratio() {
    return anchorSeconds / oursSeconds;
  }

  /** The closing line, under {@link #HEADER}. */
  String line() {
    return String.format(
        "%s %.2f %.2f %.2f %d", stage, anchorSeconds, oursSeconds, ratio(), peakRssMb);
  }

  static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int m = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
  }

  static double median(double[] values) {
    return median(Arrays.stream(values).boxed().toList());
  }
}
