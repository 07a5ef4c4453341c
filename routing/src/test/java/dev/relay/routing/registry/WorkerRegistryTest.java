package dev.relay.routing.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.routing.registry.WorkerDescriptor.Origin;
import dev.relay.routing.registry.WorkerState.Health;
import dev.relay.routing.registry.WorkerState.Lifecycle;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerRegistryTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration DRAIN = Duration.ofSeconds(10);
    private static final Duration REMOVE = Duration.ofSeconds(30);
    private static final Duration RECONCILE = Duration.ofSeconds(10);

    private final WorkerRegistry registry = new WorkerRegistry();

    private static WorkerDescriptor worker(String id, Origin origin) {
        return new WorkerDescriptor(id, "http://127.0.0.1:1/", "vllm", "direct", List.of("m"), 4, "r", "standard",
                Map.of(), origin);
    }

    @Test
    void silentDynamicWorkerIsDrainedThenRemoved() {
        registry.register(worker("w", Origin.HEARTBEAT), T0);

        registry.expire(T0.plusSeconds(11), DRAIN, REMOVE);
        assertEquals(Lifecycle.DRAINING, registry.find("w").lifecycle());

        registry.expire(T0.plusSeconds(31), DRAIN, REMOVE);
        assertNull(registry.find("w"));
    }

    @Test
    void staticWorkerNeverExpires() {
        registry.register(worker("s", Origin.STATIC), T0);

        registry.expire(T0.plusSeconds(3600), DRAIN, REMOVE);

        assertTrue(registry.find("s").eligible());
    }

    @Test
    void leavingWorkerStaysUntilItsRequestsFinish() {
        Worker w = registry.register(worker("w", Origin.HEARTBEAT), T0);
        w.started();
        registry.leave("w");

        registry.expire(T0.plusSeconds(1), DRAIN, REMOVE);
        assertFalse(registry.find("w").eligible());

        w.finished(0, 0);
        registry.expire(T0.plusSeconds(2), DRAIN, REMOVE);
        assertNull(registry.find("w"));
    }

    @Test
    void ejectedAfterConsecutiveFailuresAndReadmittedByAProbeAfterMinimumEjection() {
        Worker w = registry.register(worker("w", Origin.STATIC), T0);
        HealthPolicy policy = new HealthPolicy(2, Duration.ofSeconds(5), (worker, health) -> { });

        policy.requestFinished(w, false, T0);
        policy.requestFinished(w, false, T0);
        assertEquals(Health.EJECTED, w.health());

        policy.probed(w, null, T0.plusSeconds(1));
        assertEquals(Health.EJECTED, w.health());

        policy.probed(w, null, T0.plusSeconds(6));
        assertEquals(Health.HEALTHY, w.health());
    }

    @Test
    void aSuccessBetweenFailuresResetsTheCount() {
        Worker w = registry.register(worker("w", Origin.STATIC), T0);
        HealthPolicy policy = new HealthPolicy(2, Duration.ZERO, (worker, health) -> { });

        policy.requestFinished(w, false, T0);
        policy.requestFinished(w, true, T0);
        policy.requestFinished(w, false, T0);

        assertEquals(Health.HEALTHY, w.health());
    }

    @Test
    void inFlightLeftByLostFinishedReportsComesDownToWhatTheWorkerRuns() {
        Worker w = registry.register(worker("w", Origin.STATIC), T0);
        started(w, 4); // three of them will never be reported finished

        w.scraped(T0, 1, 0, 0, RECONCILE);
        w.scraped(T0.plusSeconds(5), 1, 0, 0, RECONCILE);
        assertEquals(4, w.inFlight());

        w.scraped(T0.plusSeconds(10), 1, 0, 0, RECONCILE);
        assertEquals(1, w.inFlight());
    }

    @Test
    void anExcessThatDoesNotLastTheReconcileTimeIsKept() {
        Worker w = registry.register(worker("w", Origin.STATIC), T0);
        started(w, 2);

        w.scraped(T0, 0, 0, 0, RECONCILE); // both still on the wire
        w.scraped(T0.plusSeconds(1), 2, 0, 0, RECONCILE);
        w.scraped(T0.plusSeconds(10), 0, 0, 0, RECONCILE);

        assertEquals(2, w.inFlight());
    }

    @Test
    void onlyTheSmallestExcessSeenDuringTheReconcileTimeIsDropped() {
        Worker w = registry.register(worker("w", Origin.STATIC), T0);
        started(w, 5);

        w.scraped(T0, 1, 0, 0, RECONCILE);
        w.scraped(T0.plusSeconds(5), 2, 1, 0, RECONCILE);
        w.scraped(T0.plusSeconds(10), 0, 0, 0, RECONCILE);

        assertEquals(3, w.inFlight());
    }

    private static void started(Worker w, int requests) {
        for (int i = 0; i < requests; i++) {
            w.started();
        }
    }
}
