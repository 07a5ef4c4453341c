package dev.relay.router.api;

import dev.relay.contracts.internal.WorkerSignal;
import dev.relay.router.registry.HealthPolicy;
import dev.relay.router.registry.Worker;
import dev.relay.router.registry.WorkerRegistry;
import dev.relay.router.service.Refusals;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;

/**
 * The gateways' batched load reports. A signal for a worker that has left the registry since is dropped: its
 * counts left with it. Unknown kinds are ignored so that a newer gateway can talk to an older router.
 */
@Path("/internal/workers/signals")
@NonBlocking
public class LoadSignalResource {

    private final WorkerRegistry registry;
    private final HealthPolicy policy;

    public LoadSignalResource(WorkerRegistry registry, HealthPolicy policy) {
        this.registry = registry;
        this.policy = policy;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response signals(List<WorkerSignal> signals) {
        if (signals == null) {
            throw Refusals.invalid(null, "invalid_signals", "The body must be a JSON array of signals");
        }
        Instant now = Instant.now();
        for (WorkerSignal signal : signals) {
            Worker worker = signal == null || signal.workerId() == null ? null : registry.find(signal.workerId());
            if (worker == null || signal.kind() == null) {
                continue;
            }
            switch (signal.kind()) {
                case WorkerSignal.STARTED -> worker.started();
                case WorkerSignal.RELEASED -> worker.finished(0, 0);
                case WorkerSignal.FINISHED -> {
                    worker.finished(signal.ok() ? signal.ttftMs() : 0, signal.ok() ? signal.durationMs() : 0);
                    policy.requestFinished(worker, signal.ok(), now);
                }
                default -> {
                }
            }
        }
        return Response.noContent().build();
    }
}
