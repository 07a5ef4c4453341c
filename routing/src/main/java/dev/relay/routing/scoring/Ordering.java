package dev.relay.routing.scoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Picks the best workers by cost, lowest first, ties kept in the given order (so equal scores break the same way on
 * every replica). Costs are quantised to {@link #RESOLUTION} over [{@link #MIN_COST}, {@link #MIN_COST} + 167) —
 * costs beyond that range are clamped, i.e. hopelessly overloaded workers tie.
 *
 * <p>A route needs only a few candidates (the gateway fails over down a short list), so the usual case is a
 * selection: one pass keeping the best {@code limit} in a small sorted array, O(n) for a thousand workers. Keys
 * are (quantised cost, position), all distinct, so the result is exactly the head of a stable sort. Long lists
 * (benchmarks, operators) use a stable LSD radix sort, three byte passes. Scratch arrays are per thread: no garbage
 * per pick beyond the returned list.
 */
final class Ordering {

    static final double MIN_COST = -4.0;
    static final double RESOLUTION = 1e-5;
    private static final int KEY_BITS = 24;
    private static final int MAX_KEY = (1 << KEY_BITS) - 1;
    /** Up to this many candidates, insertion into a sorted array beats sorting everything. */
    private static final int SELECTION_LIMIT = 32;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private Ordering() {
    }

    /** A cost array of at least {@code n} entries, valid until the next call of {@link #best} on this thread. */
    static double[] costs(int n) {
        return SCRATCH.get().ensure(n).costs;
    }

    /** A second array like {@link #costs}, for a strategy that keeps two figures per worker. */
    static double[] spareCosts(int n) {
        return SCRATCH.get().ensure(n).spareCosts;
    }

    /**
     * The {@code limit} workers of lowest cost (all of them when there are fewer), lowest first, by the first
     * {@code workers.size()} entries of {@code costs}.
     */
    static <W> List<W> best(List<W> workers, double[] costs, int limit) {
        int n = workers.size();
        int k = Math.min(Math.max(0, limit), n);
        if (n < 2 || k == 0) {
            return new ArrayList<>(workers.subList(0, k));
        }
        Scratch s = SCRATCH.get().ensure(n);
        return k <= SELECTION_LIMIT ? select(workers, costs, k, s) : sort(workers, costs, k, s);
    }

    /** NaN compares false everywhere and lands on MAX_KEY: last. */
    private static int key(double cost) {
        double scaled = (cost - MIN_COST) / RESOLUTION;
        return scaled >= 0 ? (scaled < MAX_KEY ? (int) scaled : MAX_KEY) : (scaled < 0 ? 0 : MAX_KEY);
    }

    private static <W> List<W> select(List<W> workers, double[] costs, int k, Scratch s) {
        long[] top = s.top;
        int size = 0;
        for (int i = 0, n = workers.size(); i < n; i++) {
            long entry = ((long) key(costs[i]) << 32) | i;
            int j;
            if (size < k) {
                j = size++;
            } else if (entry < top[k - 1]) {
                j = k - 1;
            } else {
                continue; // the common case once the array is full: one comparison
            }
            for (; j > 0 && top[j - 1] > entry; j--) {
                top[j] = top[j - 1];
            }
            top[j] = entry;
        }
        List<W> chosen = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            chosen.add(workers.get((int) top[i]));
        }
        return chosen;
    }

    private static <W> List<W> sort(List<W> workers, double[] costs, int k, Scratch s) {
        int n = workers.size();
        int[] keys = s.keys;
        int[] order = s.order;
        int[] spare = s.spare;
        for (int i = 0; i < n; i++) {
            keys[i] = key(costs[i]);
            order[i] = i;
        }
        int[] count = s.count;
        for (int shift = 0; shift < KEY_BITS; shift += 8) {
            Arrays.fill(count, 0);
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
        List<W> ordered = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            ordered.add(workers.get(order[i]));
        }
        return ordered;
    }

    private static final class Scratch {
        double[] costs = new double[0];
        double[] spareCosts = new double[0];
        int[] keys = new int[0];
        int[] order = new int[0];
        int[] spare = new int[0];
        final long[] top = new long[SELECTION_LIMIT];
        final int[] count = new int[256];

        Scratch ensure(int n) {
            if (keys.length < n) {
                int size = Math.max(n, keys.length * 2);
                costs = new double[size];
                spareCosts = new double[size];
                keys = new int[size];
                order = new int[size];
                spare = new int[size];
            }
            return this;
        }
    }
}
