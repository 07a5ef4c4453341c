package dev.relay.routing.scoring;

import java.util.List;
import java.util.Map;

/**
 * The default strategy: orders by {@link WorkerScorer} cost, so a worker that recently served the same prompt
 * prefix wins while loads are balanced. Load guard: when the spread of loads among eligible workers exceeds
 * {@link ScoringWeights#loadGuard()}, cache affinity would pile work onto a hot worker, so it orders by load alone.
 */
public final class CacheAwareScorer implements RoutingStrategy {

    private final PrefixIndex prefixIndex;
    private final WorkerScorer scorer;

    public CacheAwareScorer(PrefixIndex prefixIndex, ScoringWeights weights) {
        this.prefixIndex = prefixIndex;
        this.scorer = new WorkerScorer(weights);
    }

    @Override
    public <W extends WorkerSignals> List<W> best(List<W> eligible, PickRequest request, int limit) {
        int n = eligible.size();
        long[] hashes = request.prefixHashes();
        Map<String, Integer> matched = hashes.length == 0 ? Map.of() : prefixIndex.matchedBlocks(hashes);
        long[] holders = matched.isEmpty() ? null : filterOf(matched);
        double[] costs = Ordering.costs(n);
        double[] loads = Ordering.spareCosts(n);
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            W worker = eligible.get(i);
            double load = WorkerScorer.load(worker);
            loads[i] = load;
            min = Math.min(min, load);
            max = Math.max(max, load);
            int blocks = holders == null ? 0 : matchedBlocks(holders, matched, worker);
            costs[i] = scorer.cost(worker, load, blocks, hashes.length);
        }
        boolean guarded = n > 1 && max - min > scorer.weights().loadGuard();
        return Ordering.best(eligible, guarded ? loads : costs, limit);
    }

    /**
     * A 1024-bit filter over the hash codes of the matching workers' ids: most workers match nothing, and one bit
     * test is far cheaper than a map lookup for each of a thousand workers.
     */
    private static long[] filterOf(Map<String, Integer> matched) {
        long[] filter = new long[16];
        for (String id : matched.keySet()) {
            int bit = id.hashCode() & 1023;
            filter[bit >>> 6] |= 1L << bit;
        }
        return filter;
    }

    private static int matchedBlocks(long[] filter, Map<String, Integer> matched, WorkerSignals worker) {
        int bit = worker.idHash() & 1023;
        if ((filter[bit >>> 6] & (1L << bit)) == 0) {
            return 0;
        }
        Integer blocks = matched.get(worker.id());
        return blocks == null ? 0 : blocks;
    }
}
