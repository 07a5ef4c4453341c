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
        long[] hashes = request.prefixHashes();
        Map<String, Integer> matched = hashes.length == 0 ? Map.of() : prefixIndex.matchedBlocks(hashes);
        double[] costs = new double[n];
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            W worker = eligible.get(i);
            double load = WorkerScorer.load(worker);
            min = Math.min(min, load);
            max = Math.max(max, load);
            Integer blocks = matched.isEmpty() ? null : matched.get(worker.id());
            costs[i] = scorer.cost(worker, load, blocks == null ? 0 : blocks, hashes.length);
        }
        if (n > 1 && max - min > scorer.weights().loadGuard()) {
            for (int i = 0; i < n; i++) {
                costs[i] = WorkerScorer.load(eligible.get(i));
            }
        }
        return Ordering.byCost(eligible, costs);
    }
}
