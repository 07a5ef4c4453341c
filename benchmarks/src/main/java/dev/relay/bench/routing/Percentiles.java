package dev.relay.bench.routing;

import java.util.Arrays;

/** Nearest-rank percentiles of a sample (the smallest value with at least p% of the sample at or below it). */
public final class Percentiles {

    private final double[] sorted;

    public Percentiles(double[] values) {
        this.sorted = values.clone();
        Arrays.sort(sorted);
    }

    /** @param p in (0, 100]; NaN for an empty sample */
    public double at(double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
        }
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(1, rank) - 1];
    }

    public int count() {
        return sorted.length;
    }
}
