package dev.relay.routing.scoring;

import java.util.List;

/** Chooses the best of the eligible workers, best first. */
public interface RoutingStrategy {

    /**
     * The best {@code limit} eligible workers, best first, each at most once (all of them when there are fewer).
     * Equal scores keep the order of {@code eligible}, so every replica answers the same.
     */
    <W extends WorkerSignals> List<W> best(List<W> eligible, PickRequest request, int limit);

    /** Every eligible worker, best first (simulations, and anything that wants the whole ranking). */
    default <W extends WorkerSignals> List<W> order(List<W> eligible, PickRequest request) {
        return best(eligible, request, eligible.size());
    }

    /** Named strategies, for configuration and for benchmarks that compare them. */
    static RoutingStrategy named(String name, PrefixIndex prefixIndex, ScoringWeights weights) {
        return switch (name) {
            case "round-robin" -> new RoundRobin();
            case "least-loaded" -> new LeastLoaded();
            case "cache-aware" -> new CacheAwareScorer(prefixIndex, weights);
            default -> throw new IllegalArgumentException("unknown routing strategy '" + name
                    + "' (round-robin, least-loaded, cache-aware)");
        };
    }
}
