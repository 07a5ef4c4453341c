package dev.relay.router.scoring;

import java.util.List;

/** Orders eligible workers best first. Implementations must return every worker they were given, exactly once. */
public interface RoutingStrategy {

    <W extends WorkerSignals> List<W> order(List<W> eligible, PickRequest request);

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
