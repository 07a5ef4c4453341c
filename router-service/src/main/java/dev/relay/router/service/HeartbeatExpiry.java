package dev.relay.router.service;

import dev.relay.router.config.RouterConfig;
import dev.relay.routing.registry.WorkerRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;

/** Periodically drains and removes dynamic workers whose heartbeats stopped, and leaving workers once idle. */
@ApplicationScoped
public class HeartbeatExpiry {

    private final Vertx vertx;
    private final WorkerRegistry registry;
    private final RouterConfig.Heartbeat config;
    private long timer = -1;

    public HeartbeatExpiry(Vertx vertx, WorkerRegistry registry, RouterConfig config) {
        this.vertx = vertx;
        this.registry = registry;
        this.config = config.heartbeat();
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.sweepInterval().toMillis(),
                id -> registry.expire(Instant.now(), config.drainAfter(), config.removeAfter()));
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }
}
