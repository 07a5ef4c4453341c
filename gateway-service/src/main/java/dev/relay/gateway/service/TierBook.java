package dev.relay.gateway.service;

import dev.relay.contracts.internal.TierLimits;
import dev.relay.gateway.client.AuthClient;
import dev.relay.gateway.config.GatewayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.Optional;

/**
 * auth-service's tiers (requests per minute per account, overall and per mode), reloaded in the background. While
 * auth has never answered, only each key's own limit applies: a gateway that just started must not refuse paying
 * callers because of a list it could not load yet.
 */
@ApplicationScoped
public class TierBook {

    private final Vertx vertx;
    private final long refreshMs;
    private final PeerSnapshot<Map<String, TierLimits>> tiers;

    public TierBook(AuthClient auth, Vertx vertx, GatewayConfig config) {
        this.vertx = vertx;
        this.refreshMs = config.tiers().refresh().toMillis();
        this.tiers = new PeerSnapshot<>("tier list", auth::tiers);
    }

    void start(@Observes StartupEvent event) {
        tiers.start(vertx, refreshMs);
    }

    void stop(@Observes ShutdownEvent event) {
        tiers.stop(vertx);
    }

    public Optional<TierLimits> limits(String tier) {
        Map<String, TierLimits> known = tiers.current();
        return known == null || tier == null ? Optional.empty() : Optional.ofNullable(known.get(tier));
    }
}
