package dev.relay.bench.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.routing.scoring.ScoringWeights;
import dev.relay.simulator.engine.Tokenizer;
import org.junit.jupiter.api.Test;

class RoutingRunTest {

    private final ChatWorkload workload =
            ChatWorkload.generate(ChatWorkload.Shape.standard(), 3, 90, 5, new Tokenizer());

    private RoutingRun.Result run(String strategy) {
        return RoutingRun.run(strategy, ScoringWeights.defaults(), RoutingBenchmark.fleet(), workload, 3, 30, 90,
                250_000_000L);
    }

    @Test
    void everyRequestArrivingAfterTheWarmUpIsMeasured() {
        long expected = workload.requests().stream().filter(r -> r.arrivalNanos() >= 30_000_000_000L).count();
        assertEquals(expected, run("least-loaded").measured());
    }

    @Test
    void theCacheAwareScorerReusesMoreCachedPrefixThanRoundRobin() {
        RoutingRun.Result cacheAware = run("cache-aware");
        RoutingRun.Result roundRobin = run("round-robin");
        assertTrue(cacheAware.cacheHitRate() > roundRobin.cacheHitRate(),
                cacheAware.cacheHitRate() + " vs " + roundRobin.cacheHitRate());
    }

    @Test
    void aRunIsDeterministic() {
        assertEquals(run("cache-aware"), run("cache-aware"));
    }
}
