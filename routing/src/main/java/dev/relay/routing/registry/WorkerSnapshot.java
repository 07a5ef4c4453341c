package dev.relay.routing.registry;

import dev.relay.routing.registry.WorkerState.Health;
import dev.relay.routing.registry.WorkerState.Lifecycle;
import java.util.Map;

/**
 * One worker as the router last saw it, for a gateway's mirror: what it is, whether it takes requests, and the load
 * signals the router gathers from it (metrics scrapes, and all gateways' reports of requests).
 *
 * @param inFlight the router's count of requests in flight on the worker, from every gateway's reports: the only
 *     count of the whole fleet's requests for a worker without metrics
 */
public record WorkerSnapshot(WorkerDescriptor descriptor, Health health, Lifecycle lifecycle, boolean leaving,
        int running, int waiting, double kvUsage, Boolean metricsAvailable, int inFlight, double latencyEwmaMs,
        double ttftEwmaMs, Map<String, Integer> contextWindows) {

    public WorkerSnapshot {
        contextWindows = contextWindows == null ? Map.of() : Map.copyOf(contextWindows);
    }

    public static WorkerSnapshot of(Worker w) {
        return new WorkerSnapshot(w.descriptor(), w.health(), w.lifecycle(), w.leaving(), w.running(), w.waiting(),
                w.kvUsage(), w.metricsAvailable(), w.inFlight(), w.latencyEwmaMs(), w.ttftEwmaMs(), w.contextWindows());
    }
}
