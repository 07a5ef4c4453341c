package dev.relay.routing.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.routing.registry.WorkerDescriptor.Origin;
import dev.relay.routing.registry.WorkerState.Health;
import dev.relay.routing.registry.WorkerState.Lifecycle;
import dev.relay.routing.scoring.WorkerScorer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A gateway's registry following the router's snapshots ({@link WorkerRegistry#follow}). */
class RegistryMirrorTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static final Duration RECONCILE_AFTER = Duration.ofSeconds(10);

    private final WorkerRegistry mirror = new WorkerRegistry();

    private void follow(Instant at, WorkerSnapshot... workers) {
        mirror.follow(List.of(workers), at, RECONCILE_AFTER);
    }

    private List<Worker> eligible(String model) {
        return mirror.pool(model).eligible("direct", null, null);
    }

    private static WorkerDescriptor descriptor(String id, String... models) {
        return new WorkerDescriptor(id, "http://127.0.0.1:1", "vllm", "direct", List.of(models), 4, "r", "standard",
                Map.of(), Origin.HEARTBEAT);
    }

    private static WorkerSnapshot seen(WorkerDescriptor d, Health health, Lifecycle lifecycle, int running) {
        return new WorkerSnapshot(d, health, lifecycle, false, running, 1, 0.25, true, 0, 120.0, 40.0, Map.of("m", 8192));
    }

    private static WorkerSnapshot healthy(WorkerDescriptor d) {
        return seen(d, Health.HEALTHY, Lifecycle.ACTIVE, 2);
    }

    @Test
    void workersOfTheSnapshotAreAddedWithTheRoutersSignals() {
        follow(T0, healthy(descriptor("a", "m")));

        Worker a = mirror.find("a");
        assertTrue(a.eligible());
        assertEquals(2, a.running());
        assertEquals(1, a.waiting());
        assertEquals(0.25, a.kvUsage());
        assertEquals(120.0, a.latencyEwmaMs());
        assertEquals(Map.of("m", 8192), a.contextWindows());
        assertEquals(List.of(a), mirror.pool("m").eligible("direct", null, null));
    }

    @Test
    void ejectedOrDrainingWorkerOfTheSnapshotTakesNoRequests() {
        follow(T0, seen(descriptor("a", "m"), Health.EJECTED, Lifecycle.ACTIVE, 0),
                seen(descriptor("b", "m"), Health.HEALTHY, Lifecycle.DRAINING, 0));

        assertFalse(mirror.find("a").eligible());
        assertFalse(mirror.find("b").eligible());
        assertEquals(List.of(), mirror.pool("m").eligible("direct", null, null));
    }

    @Test
    void workerEjectedByTheRouterStopsTakingRequestsAtTheNextSnapshot() {
        WorkerDescriptor a = descriptor("a", "m");
        follow(T0, healthy(a));
        assertEquals(List.of(mirror.find("a")), eligible("m")); // what picks have seen so far

        follow(T0.plusMillis(100), seen(a, Health.EJECTED, Lifecycle.ACTIVE, 0));

        assertEquals(List.of(), eligible("m"));
    }

    @Test
    void workerReadmittedByTheRouterTakesRequestsAgain() {
        WorkerDescriptor a = descriptor("a", "m");
        follow(T0, seen(a, Health.EJECTED, Lifecycle.ACTIVE, 0));
        assertEquals(List.of(), eligible("m"));

        follow(T0.plusMillis(100), healthy(a));

        assertEquals(List.of(mirror.find("a")), eligible("m"));
    }

    @Test
    void workerMissingFromTheSnapshotIsDropped() {
        follow(T0, healthy(descriptor("a", "m")), healthy(descriptor("b", "m")));

        follow(T0.plusMillis(100), healthy(descriptor("b", "m")));

        assertNull(mirror.find("a"));
        assertEquals(List.of("b"), mirror.serving("m").stream().map(Worker::id).toList());
    }

    @Test
    void changedDescriptorMovesTheWorkerToItsNewModels() {
        follow(T0, healthy(descriptor("a", "m")));

        follow(T0.plusMillis(100), healthy(descriptor("a", "n")));

        assertFalse(mirror.knows("m"));
        assertEquals(List.of("a"), mirror.serving("n").stream().map(Worker::id).toList());
    }

    @Test
    void ownInFlightCountOutlivesTheNextSnapshot() {
        WorkerDescriptor a = descriptor("a", "m");
        follow(T0, healthy(a));
        mirror.find("a").started();
        mirror.find("a").started();

        follow(T0.plusMillis(100), healthy(a));

        assertEquals(2, mirror.find("a").inFlight());
    }

    @Test
    void workerWithoutMetricsWeighsTheRequestsOtherGatewaysSentIt() {
        WorkerDescriptor a = descriptor("a", "m"); // capacity 4
        follow(T0, new WorkerSnapshot(a, Health.HEALTHY, Lifecycle.ACTIVE, false, 0, 0, 0.0, false, 3, 0.0, 0.0,
                Map.of()));
        mirror.find("a").started(); // this gateway's own, which the router will count too

        assertEquals(3.0 / 4, WorkerScorer.load(mirror.find("a")));
    }

    @Test
    void requestStartedBeforeItsWorkerWasMirroredIsNotTakenOffTheCountLater() {
        WorkerDescriptor a = descriptor("a", "m");
        mirror.started("a"); // routed by the router to a worker the mirror learns of with the next snapshot
        follow(T0, healthy(a));
        mirror.started("a");

        mirror.ended("a"); // the first request ends
        assertEquals(1, mirror.find("a").inFlight());
        mirror.ended("a");
        assertEquals(0, mirror.find("a").inFlight());
    }

    @Test
    void ownCountAboveWhatTheWorkerRunsAndQueuesForLongIsDropped() {
        WorkerDescriptor a = descriptor("a", "m"); // the worker runs 2 and queues 1
        follow(T0, healthy(a));
        for (int i = 0; i < 5; i++) {
            mirror.find("a").started(); // two of them will never be ended (a lost request)
        }

        follow(T0.plusSeconds(1), healthy(a));
        assertEquals(5, mirror.find("a").inFlight());
        follow(T0.plusSeconds(11), healthy(a));

        assertEquals(3, mirror.find("a").inFlight());
    }
}
