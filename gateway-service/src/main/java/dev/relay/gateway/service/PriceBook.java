package dev.relay.gateway.service;

import dev.relay.contracts.internal.ModelPrice;
import dev.relay.gateway.client.BillingClient;
import dev.relay.gateway.config.GatewayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The price list, refreshed from billing in the background so that no request ever waits for billing. Until the
 * first successful load, paid requests are refused (503) rather than served for free.
 */
@ApplicationScoped
public class PriceBook {

    private final Vertx vertx;
    private final long refreshMs;
    private final PeerSnapshot<Map<String, ModelPrice>> prices;

    public PriceBook(BillingClient billing, Vertx vertx, GatewayConfig config) {
        this.vertx = vertx;
        this.refreshMs = config.prices().refresh().toMillis();
        this.prices = new PeerSnapshot<>("price list", () -> billing.prices().map(list -> {
            Map<String, ModelPrice> byModel = new HashMap<>();
            list.forEach(p -> byModel.put(p.model(), p));
            return Map.copyOf(byModel);
        }));
    }

    void start(@Observes StartupEvent event) {
        prices.start(vertx, refreshMs);
    }

    void stop(@Observes ShutdownEvent event) {
        prices.stop(vertx);
    }

    /** As {@link #find}; a failed Uni (503) while no list was ever loaded. */
    public Uni<Optional<ModelPrice>> price(String... names) {
        return prices.get().onFailure().transform(e -> ApiFailure.unavailable("Prices are not available yet"))
                .map(map -> find(map, names));
    }

    /** Whether a price list is in hand (loaded at least once), so that {@link #inHand} can answer. */
    public boolean loaded() {
        return prices.current() != null;
    }

    /** As {@link #price}, answered at once from the list in hand; call only once {@link #loaded}. */
    public Optional<ModelPrice> inHand(String... names) {
        return find(prices.current(), names);
    }

    /**
     * The first of {@code names} with a price of its own, else billing's default price ({@link ModelPrice#ANY_MODEL}),
     * which is what billing will charge for such a model; empty only when billing published neither.
     */
    public static Optional<ModelPrice> find(Map<String, ModelPrice> book, String... names) {
        for (String name : names) {
            if (name != null && book.containsKey(name)) {
                return Optional.of(book.get(name));
            }
        }
        return Optional.ofNullable(book.get(ModelPrice.ANY_MODEL));
    }

    /** The whole list for catalogs; empty (never a failure) while billing cannot be reached. */
    public Uni<Map<String, ModelPrice>> all() {
        return prices.get().onFailure().recoverWithItem(Map.of());
    }
}
