package dev.relay.router.scoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sorts workers by a cost without boxing: each cost is quantised to a millionth and packed with the worker's
 * position into one long, so a primitive sort orders by cost and breaks ties by position (deterministically).
 */
final class Ordering {

    private static final int INDEX_BITS = 21;
    private static final long MAX_QUANTUM = (1L << (62 - INDEX_BITS)) - 1;

    private Ordering() {
    }

    static <W> List<W> byCost(List<W> workers, double[] costs) {
        int n = workers.size();
        if (n > (1 << INDEX_BITS)) {
            throw new IllegalArgumentException("too many workers to order: " + n);
        }
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            long quantum = Math.round(costs[i] * 1_000_000d);
            quantum = Math.max(-MAX_QUANTUM, Math.min(MAX_QUANTUM, quantum));
            keys[i] = (quantum << INDEX_BITS) | i;
        }
        Arrays.sort(keys);
        List<W> ordered = new ArrayList<>(n);
        long mask = (1L << INDEX_BITS) - 1;
        for (long key : keys) {
            ordered.add(workers.get((int) (key & mask)));
        }
        return ordered;
    }
}
