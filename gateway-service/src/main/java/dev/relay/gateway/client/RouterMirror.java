package dev.relay.gateway.client;

import dev.relay.contracts.internal.ApiError;
import dev.relay.contracts.internal.RouteDecision;
import dev.relay.contracts.internal.RouteRequest;
import dev.relay.gateway.config.GatewayConfig;
import dev.relay.routing.PrefixRecorder;
import dev.relay.routing.RegistrySnapshot;
import dev.relay.routing.RouteDecider;
import dev.relay.routing.RoutingPolicy;
import dev.relay.routing.registry.WorkerRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The router's registry, mirrored here so that a request is routed without a round trip to the router: it is
 * fetched every {@code relay.gateway.routing.refresh} (workers, their health and load signals, and the router's
 * policy), and routes are decided by the same code the router runs. What the mirror cannot know it leaves to the
 * router: each gateway counts only the requests it sent itself in flight (the scraped queue lengths of workers with
 * metrics, and the router's count for those without, cover the other replicas'), and learns prompt-prefix affinity
 * from its own picks.
 */
@ApplicationScoped
public class RouterMirror {

    private static final Logger LOG = Logger.getLogger(RouterMirror.class);

    /** As the router's default {@code relay.router.scrape.reconcile-after}. */
    private static final Duration RECONCILE_AFTER = Duration.ofSeconds(10);

    private record Decider(RoutingPolicy policy, RoutingPolicy.Routing routing) {
    }

    private final RouterClient router;
    private final Vertx vertx;
    private final boolean enabled;
    private final long refreshMs;
    private final long staleAfterNanos;
    private final WorkerRegistry registry = new WorkerRegistry();
    private final PrefixRecorder recorder = new PrefixRecorder();
    private final AtomicBoolean fetching = new AtomicBoolean();
    private volatile Decider current;
    private volatile long refreshedAtNanos;
    private volatile boolean failing;
    private long timerId = -1;

    public RouterMirror(RouterClient router, Vertx vertx, GatewayConfig config) {
        this.router = router;
        this.vertx = vertx;
        this.enabled = config.routing().local();
        this.refreshMs = Math.max(1, config.routing().refresh().toMillis());
        this.staleAfterNanos = config.routing().staleAfter().toNanos();
        // A worker gone from the registry takes its prompt prefixes along: back under the same id, its cache is cold.
        registry.onRemoved(worker -> {
            Decider known = current;
            if (known != null) {
                known.routing().prefixes().forget(worker.id());
            }
        });
    }

    void start(@Observes StartupEvent event) {
        if (enabled) {
            refresh();
            timerId = vertx.setPeriodic(refreshMs, id -> refresh());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        recorder.close();
    }

    /** One fetch at a time: a slow router gets no pile of polls, the next tick after the answer asks again. */
    void refresh() {
        if (!fetching.compareAndSet(false, true)) {
            return;
        }
        router.routing(Duration.ofMillis(Math.max(1000, refreshMs * 10))).subscribe().with(snapshot -> {
            try {
                follow(snapshot);
            } finally {
                fetching.set(false); // only now: an older snapshot must not be applied after a newer one
            }
        }, failure -> {
            fetching.set(false);
            if (!failing) {
                failing = true;
                LOG.warnf("could not refresh the mirror of the router's registry (routes ask the router once it is "
                        + "stale): %s", failure.getMessage());
            }
        });
    }

    void follow(RegistrySnapshot snapshot) {
        registry.follow(snapshot.workers(), Instant.now(), RECONCILE_AFTER);
        Decider known = current;
        if (known == null || !known.policy().equals(snapshot.policy())) {
            current = new Decider(snapshot.policy(), snapshot.policy().assemble(registry, recorder));
        }
        refreshedAtNanos = System.nanoTime();
        if (failing) {
            failing = false;
            LOG.info("the mirror of the router's registry is refreshed again");
        }
    }

    /**
     * A route decided here, the first candidate counted in flight; null when the router must be asked: the mirror is
     * off, stale or empty, or it would refuse (the router's registry may know better, and its refusal is the answer).
     */
    public RouteDecision route(RouteRequest request) {
        Decider decider = current;
        if (decider == null || System.nanoTime() - refreshedAtNanos > staleAfterNanos) {
            return null;
        }
        try {
            return decider.routing().decider().route(request);
        } catch (ApiError refusal) {
            return null;
        } catch (RuntimeException bug) {
            LOG.warnf(bug, "the mirror could not route a request; the router is asked instead");
            return null;
        }
    }

    /**
     * The model a name asks for, as routes resolve it: an alias's model, a catalog id's ({@code direct.ollama.x} is
     * {@code x}); the name itself when the mirror has no registry yet.
     */
    public String modelOf(String name) {
        Decider known = current;
        return known == null ? name : known.routing().resolver().resolve(name).model();
    }

    /** The model aliases routes resolve (built in, and the router's configured ones); none before the first fetch. */
    public Map<String, String> aliases() {
        Decider known = current;
        return known == null ? Map.of() : known.routing().resolver().aliases();
    }

    /** A request now runs on this worker (routed by the router, or a failover). */
    void started(String workerId) {
        registry.started(workerId);
    }

    /** A request counted on this worker finished or never reached it. */
    void ended(String workerId) {
        registry.ended(workerId);
    }
}
