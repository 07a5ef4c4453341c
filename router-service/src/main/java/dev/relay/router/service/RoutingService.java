package dev.relay.router.service;

import dev.relay.contracts.internal.RouteDecision;
import dev.relay.contracts.internal.RouteRequest;
import dev.relay.routing.RouteDecider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;

/** Answers {@code POST /internal/route} (gateways whose mirror cannot decide or is switched off) and times it. */
@ApplicationScoped
public class RoutingService {

    private final RouteDecider decider;
    private final Timer routeTime;

    public RoutingService(RouteDecider decider, MeterRegistry meters) {
        this.decider = decider;
        this.routeTime = Timer.builder("relay.router.pick").description("Time to decide one route: resolve, filter, order")
                .publishPercentiles(0.5, 0.99).register(meters);
    }

    public RouteDecision route(RouteRequest request) {
        long started = System.nanoTime();
        try {
            return decider.route(request);
        } finally {
            routeTime.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }
}
