package dev.bayan.tools;

import java.util.Arrays;

/** Latency percentiles from raw samples (benchmarks keep every sample; runs are bounded). */
final class Percentiles {
  private final long[] sorted;

  Percentiles(long[] samples, int count) {
    this.sorted = Arrays.copyOf(samples, count);
    Arrays.sort(sorted);
  }

  /** The p-th percentile in milliseconds (p in 0..100), from nanosecond samples. */
  double ms(double p) {
    if (sorted.length == 0) return Double.NaN;
    int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p / 100 * sorted.length) - 1));
    return sorted[i] / 1e6;
  }
}
