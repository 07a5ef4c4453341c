package dev.relay.router.config;

import dev.relay.router.registry.ContextWindows;
import dev.relay.router.registry.HealthPolicy;
import dev.relay.router.registry.WorkerRegistry;
import dev.relay.router.scoring.PrefixIndex;
import dev.relay.router.scoring.RoutingStrategy;
import dev.relay.router.scoring.ScoringWeights;
import dev.relay.router.service.RouterMetrics;
import dev.relay.router.service.WorkerPicker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Wires the framework-free core (registry, prefix index, strategy, picker, health policy) from configuration. */
@ApplicationScoped
public class CoreBeans {

    @Produces
    @Singleton
    WorkerRegistry registry() {
        return new WorkerRegistry();
    }

    @Produces
    @Singleton
    PrefixIndex prefixIndex(RouterConfig config) {
        return new PrefixIndex(config.scoring().prefixBlocksPerWorker());
    }

    @Produces
    @Singleton
    RoutingStrategy strategy(RouterConfig config, PrefixIndex prefixIndex) {
        RouterConfig.Scoring s = config.scoring();
        ScoringWeights weights = new ScoringWeights(s.queueWeight(), s.kvWeight(), s.prefixWeight(), s.latencyWeight(),
                s.priceWeight(), s.latencyScaleMs(), s.loadGuard());
        return RoutingStrategy.named(config.strategy(), prefixIndex, weights);
    }

    @Produces
    @Singleton
    ContextWindows contextWindows(RouterConfig config, WorkerRegistry registry) {
        return new ContextWindows(registry, config.contextWindows());
    }

    @Produces
    @Singleton
    WorkerPicker picker(RouterConfig config, WorkerRegistry registry, RoutingStrategy strategy, PrefixIndex prefixIndex,
            ContextWindows windows, PrefixRecorder recorder) {
        return new WorkerPicker(registry, strategy, prefixIndex, windows, config.maxCandidates(), recorder);
    }

    @Produces
    @Singleton
    HealthPolicy healthPolicy(RouterConfig config, RouterMetrics metrics) {
        return new HealthPolicy(config.health().failuresToEject(), config.health().minEjection(), metrics::healthChanged);
    }
}
