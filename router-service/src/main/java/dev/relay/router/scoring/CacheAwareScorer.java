package dev.relay.router.scoring;

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
    public <W extends WorkerSignals> List<W> order(List<W> eligible, PickRequest request) {
        int n = eligible.size();
        double[] loads = new double[n];
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            double load = WorkerScorer.load(eligible.get(i));
            loads[i] = load;
            min = Math.min(min, load);
            max = Math.max(max, load);
        }
        if (n > 1 && max - min > scorer.weights().loadGuard()) {
            return Ordering.byCost(eligible, loads);
        }
        long[] hashes = request.prefixHashes();
        Map<String, Integer> matched = hashes.length == 0 ? Map.of() : prefixIndex.matchedBlocks(hashes);
        double[] costs = new double[n];
        for (int i = 0; i < n; i++) {
            W worker = eligible.get(i);
            int blocks = matched.isEmpty() ? 0 : matched.getOrDefault(worker.id(), 0);
            costs[i] = scorer.cost(worker, loads[i], blocks, hashes.length);
        }
        return Ordering.byCost(eligible, costs);
    }
}
