package dev.herald.bench;

import java.util.Collection;

/** Percentiles of a set of latencies in milliseconds. */
record Latencies(int count, double p50, double p95, double p99, double max) {

  static Latencies of(Collection<? extends Number> millis) {
    double[] sorted = millis.stream().mapToDouble(Number::doubleValue).sorted().toArray();
    if (sorted.length == 0) {
      return new Latencies(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    return new Latencies(
        sorted.length,
        at(sorted, 0.50),
        at(sorted, 0.95),
        at(sorted, 0.99),
        sorted[sorted.length - 1]);
  }

  private static double at(double[] sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  @Override
  public String toString() {
    return String.format("p50 %.1f / p95 %.1f / p99 %.1f ms", p50, p95, p99);
  }
}
