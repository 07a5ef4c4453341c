package dev.relay.routing;

import dev.relay.routing.registry.WorkerRegistry;
import dev.relay.routing.registry.WorkerSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * The router's registry and policy at one moment ({@code GET /internal/routing}): a gateway that follows it
 * picks workers itself, without a round trip to the router per request.
 */
public record RegistrySnapshot(RoutingPolicy policy, List<WorkerSnapshot> workers) {

    public RegistrySnapshot {
        workers = List.copyOf(workers);
    }

    public static RegistrySnapshot of(RoutingPolicy policy, WorkerRegistry registry) {
        List<WorkerSnapshot> workers = new ArrayList<>(registry.all().size());
        registry.all().forEach(w -> workers.add(WorkerSnapshot.of(w)));
        return new RegistrySnapshot(policy, workers);
    }
}
