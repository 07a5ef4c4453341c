package dev.relay.routing;

import dev.relay.routing.registry.ContextWindows;
import dev.relay.routing.registry.WorkerRegistry;
import dev.relay.routing.scoring.PrefixIndex;
import dev.relay.routing.scoring.RoutingStrategy;
import dev.relay.routing.scoring.ScoringWeights;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * How workers are chosen, as the router is configured: the router routes with it, and hands it to the gateways
 * with its registry so that they choose as it would (given the same version of this library: the built-in aliases
 * are compiled in, only configured ones travel).
 *
 * @param strategy a {@link RoutingStrategy#named} strategy
 * @param maxCandidates how many workers a route names at most (the first, then those to fail over to)
 * @param aliases added to, or overriding, the built-in aliases
 * @param contextWindows per model, for workers that do not report theirs
 */
public record RoutingPolicy(String strategy, ScoringWeights weights, int maxCandidates, int prefixBlocksPerWorker,
        Map<String, String> aliases, Map<String, Integer> contextWindows) {

    public RoutingPolicy {
        aliases = Map.copyOf(aliases);
        contextWindows = Map.copyOf(contextWindows);
    }

    /** Everything a route needs over {@code registry}; prefix blocks are recorded on {@code recorder}. */
    public Routing assemble(WorkerRegistry registry, Executor recorder) {
        PrefixIndex prefixes = new PrefixIndex(prefixBlocksPerWorker);
        ContextWindows windows = new ContextWindows(registry, contextWindows);
        ModelResolver resolver = new ModelResolver(registry, aliases);
        WorkerPicker picker = new WorkerPicker(registry, RoutingStrategy.named(strategy, prefixes, weights), prefixes,
                windows, maxCandidates, recorder);
        return new Routing(prefixes, windows, resolver, new RouteDecider(resolver, registry, picker, windows));
    }

    /** The parts of one assembled policy; the decider uses the others. */
    public record Routing(PrefixIndex prefixes, ContextWindows windows, ModelResolver resolver, RouteDecider decider) {
    }
}
