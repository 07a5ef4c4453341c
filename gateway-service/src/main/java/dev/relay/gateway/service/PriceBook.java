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
import org.jboss.logging.Logger;

/**
 * The price list, refreshed from billing in the background so that no request ever waits for billing. Until the
 * first successful load, paid requests are refused (503) rather than served for free.
 */
@ApplicationScoped
public class PriceBook {

    private static final Logger LOG = Logger.getLogger(PriceBook.class);

    private final BillingClient billing;
    private final Vertx vertx;
    private final long refreshMs;
    private volatile Map<String, ModelPrice> prices;
    private long timerId = -1;

    public PriceBook(BillingClient billing, Vertx vertx, GatewayConfig config) {
        this.billing = billing;
        this.vertx = vertx;
        this.refreshMs = config.prices().refresh().toMillis();
    }

    void start(@Observes StartupEvent event) {
        refresh().subscribe().with(ignored -> {
        }, failure -> {
        });
        timerId = vertx.setPeriodic(refreshMs, id -> refresh().subscribe().with(ignored -> {
        }, failure -> {
        }));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /** As {@link #find}; a failed Uni (503) while no list was ever loaded. */
    public Uni<Optional<ModelPrice>> price(String... names) {
        Uni<Map<String, ModelPrice>> book = prices != null ? Uni.createFrom().item(prices)
                : refresh().onFailure().transform(e -> ApiFailure.unavailable("Prices are not available yet"));
        return book.map(map -> find(map, names));
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
        return prices != null ? Uni.createFrom().item(prices)
                : refresh().onFailure().recoverWithItem(Map.of());
    }

    private Uni<Map<String, ModelPrice>> refresh() {
        return billing.prices().map(list -> {
            Map<String, ModelPrice> next = new HashMap<>();
            list.forEach(p -> next.put(p.model(), p));
            prices = Map.copyOf(next);
            return prices;
        }).onFailure().invoke(e -> LOG.warnf("price list refresh failed: %s", e.getMessage()));
    }
}
