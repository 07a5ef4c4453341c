package dev.relay.router.config;

import dev.relay.routing.ModelResolver;
import dev.relay.routing.PrefixRecorder;
import dev.relay.routing.RouteDecider;
import dev.relay.routing.RoutingPolicy;
import dev.relay.routing.registry.ContextWindows;
import dev.relay.routing.registry.HealthPolicy;
import dev.relay.routing.registry.WorkerRegistry;
import dev.relay.routing.scoring.PrefixIndex;
import dev.relay.routing.scoring.ScoringWeights;
import dev.relay.router.service.RouterMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Wires the framework-free routing library (registry, policy and what it assembles, health policy) from
 * configuration.
 */
@ApplicationScoped
public class CoreBeans {

    @Produces
    @Singleton
    WorkerRegistry registry() {
        return new WorkerRegistry();
    }

    @Produces
    @Singleton
    RoutingPolicy policy(RouterConfig config) {
        RouterConfig.Scoring s = config.scoring();
        ScoringWeights weights = new ScoringWeights(s.queueWeight(), s.kvWeight(), s.prefixWeight(), s.latencyWeight(),
                s.priceWeight(), s.latencyScaleMs(), s.loadGuard());
        return new RoutingPolicy(config.strategy(), weights, config.maxCandidates(), s.prefixBlocksPerWorker(),
                config.aliases(), config.contextWindows());
    }

    @Produces
    @Singleton
    PrefixRecorder recorder() {
        return new PrefixRecorder();
    }

    void close(@Disposes PrefixRecorder recorder) {
        recorder.close();
    }

    @Produces
    @Singleton
    RoutingPolicy.Routing routing(RoutingPolicy policy, WorkerRegistry registry, PrefixRecorder recorder) {
        return policy.assemble(registry, recorder);
    }

    @Produces
    @Singleton
    PrefixIndex prefixIndex(RoutingPolicy.Routing routing) {
        return routing.prefixes();
    }

    @Produces
    @Singleton
    ContextWindows contextWindows(RoutingPolicy.Routing routing) {
        return routing.windows();
    }

    @Produces
    @Singleton
    ModelResolver resolver(RoutingPolicy.Routing routing) {
        return routing.resolver();
    }

    @Produces
    @Singleton
    RouteDecider decider(RoutingPolicy.Routing routing) {
        return routing.decider();
    }

    @Produces
    @Singleton
    HealthPolicy healthPolicy(RouterConfig config, RouterMetrics metrics) {
        return new HealthPolicy(config.health().failuresToEject(), config.health().minEjection(), metrics::healthChanged);
    }
}
