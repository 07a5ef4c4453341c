package dev.relay.routing.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.routing.registry.WorkerDescriptor.Origin;
import dev.relay.routing.registry.WorkerState.Health;
import dev.relay.routing.registry.WorkerState.Lifecycle;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A gateway's registry following the router's snapshots ({@link WorkerRegistry#follow}). */
class RegistryMirrorTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final WorkerRegistry mirror = new WorkerRegistry();

    private static WorkerDescriptor descriptor(String id, String... models) {
        return new WorkerDescriptor(id, "http://127.0.0.1:1", "vllm", "direct", List.of(models), 4, "r", "standard",
                Map.of(), Origin.HEARTBEAT);
    }

    private static WorkerSnapshot seen(WorkerDescriptor d, Health health, Lifecycle lifecycle, int running) {
        return new WorkerSnapshot(d, health, lifecycle, false, running, 1, 0.25, true, 120.0, 40.0, Map.of("m", 8192));
    }

    private static WorkerSnapshot healthy(WorkerDescriptor d) {
        return seen(d, Health.HEALTHY, Lifecycle.ACTIVE, 2);
    }

    @Test
    void workersOfTheSnapshotAreAddedWithTheRoutersSignals() {
        mirror.follow(List.of(healthy(descriptor("a", "m"))), T0);

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
        mirror.follow(List.of(seen(descriptor("a", "m"), Health.EJECTED, Lifecycle.ACTIVE, 0),
                seen(descriptor("b", "m"), Health.HEALTHY, Lifecycle.DRAINING, 0)), T0);

        assertFalse(mirror.find("a").eligible());
        assertFalse(mirror.find("b").eligible());
        assertEquals(List.of(), mirror.pool("m").eligible("direct", null, null));
    }

    @Test
    void workerReadmittedByTheRouterTakesRequestsAgain() {
        WorkerDescriptor a = descriptor("a", "m");
        mirror.follow(List.of(seen(a, Health.EJECTED, Lifecycle.ACTIVE, 0)), T0);

        mirror.follow(List.of(healthy(a)), T0.plusMillis(100));

        assertEquals(List.of(mirror.find("a")), mirror.pool("m").eligible("direct", null, null));
    }

    @Test
    void workerMissingFromTheSnapshotIsDropped() {
        mirror.follow(List.of(healthy(descriptor("a", "m")), healthy(descriptor("b", "m"))), T0);

        mirror.follow(List.of(healthy(descriptor("b", "m"))), T0.plusMillis(100));

        assertNull(mirror.find("a"));
        assertEquals(List.of("b"), mirror.serving("m").stream().map(Worker::id).toList());
    }

    @Test
    void changedDescriptorMovesTheWorkerToItsNewModels() {
        mirror.follow(List.of(healthy(descriptor("a", "m"))), T0);

        mirror.follow(List.of(healthy(descriptor("a", "n"))), T0.plusMillis(100));

        assertFalse(mirror.knows("m"));
        assertEquals(List.of("a"), mirror.serving("n").stream().map(Worker::id).toList());
    }

    @Test
    void ownInFlightCountOutlivesTheNextSnapshot() {
        WorkerDescriptor a = descriptor("a", "m");
        mirror.follow(List.of(healthy(a)), T0);
        mirror.find("a").started();
        mirror.find("a").started();

        mirror.follow(List.of(healthy(a)), T0.plusMillis(100));

        assertEquals(2, mirror.find("a").inFlight());
    }
}
