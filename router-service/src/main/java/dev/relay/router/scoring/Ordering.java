package dev.relay.router.scoring;

import java.util.ArrayList;
import java.util.List;

/**
 * Orders workers by cost, lowest first, ties kept in the given order (so equal scores break the same way on every
 * replica). Costs are quantised to {@link #RESOLUTION} over [{@link #MIN_COST}, {@link #MIN_COST} + 167) — costs
 * beyond that range are clamped, i.e. hopelessly overloaded workers tie — and the worker positions are sorted by
 * a stable LSD radix sort, three byte passes. At 1,000 workers that is several times faster than a comparison
 * sort, whose branch mispredictions dominated the pick time. Scratch arrays are per thread: no garbage per pick.
 */
final class Ordering {

    static final double MIN_COST = -4.0;
    static final double RESOLUTION = 1e-5;
    private static final int KEY_BITS = 24;
    private static final int MAX_KEY = (1 << KEY_BITS) - 1;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private Ordering() {
    }

    /** A cost array of at least {@code n} entries, valid until the next call of {@link #byCost} on this thread. */
    static double[] costs(int n) {
        return SCRATCH.get().ensure(n).costs;
    }

    /** Orders {@code workers} by the first {@code workers.size()} entries of {@code costs}, lowest first. */
    static <W> List<W> byCost(List<W> workers, double[] costs) {
        int n = workers.size();
        if (n < 2) {
            return new ArrayList<>(workers);
        }
        Scratch s = SCRATCH.get().ensure(n);
        int[] keys = s.keys;
        int[] order = s.order;
        int[] spare = s.spare;
        for (int i = 0; i < n; i++) {
            double scaled = (costs[i] - MIN_COST) / RESOLUTION;
            // NaN compares false everywhere and lands on MAX_KEY: last.
            keys[i] = scaled >= 0 ? (scaled < MAX_KEY ? (int) scaled : MAX_KEY) : (scaled < 0 ? 0 : MAX_KEY);
            order[i] = i;
        }
        int[] count = s.count;
        for (int shift = 0; shift < KEY_BITS; shift += 8) {
            java.util.Arrays.fill(count, 0);
            for (int i = 0; i < n; i++) {
                count[(keys[i] >>> shift) & 0xFF]++;
            }
            if (count[(keys[0] >>> shift) & 0xFF] == n) {
                continue; // every key has this byte: the pass would change nothing
            }
            int sum = 0;
            for (int b = 0; b < 256; b++) {
                int c = count[b];
                count[b] = sum;
                sum += c;
            }
            for (int i = 0; i < n; i++) {
                int position = order[i];
                spare[count[(keys[position] >>> shift) & 0xFF]++] = position;
            }
            int[] swap = order;
            order = spare;
            spare = swap;
        }
        List<W> ordered = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ordered.add(workers.get(order[i]));
        }
        return ordered;
    }

    private static final class Scratch {
        double[] costs = new double[0];
        int[] keys = new int[0];
        int[] order = new int[0];
        int[] spare = new int[0];
        final int[] count = new int[256];

        Scratch ensure(int n) {
            if (keys.length < n) {
                int size = Math.max(n, keys.length * 2);
                costs = new double[size];
                keys = new int[size];
                order = new int[size];
                spare = new int[size];
            }
            return this;
        }
    }
}
