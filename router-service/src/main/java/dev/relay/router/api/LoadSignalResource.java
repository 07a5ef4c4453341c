package dev.relay.router.api;

import dev.relay.contracts.internal.WorkerSignal;
import dev.relay.routing.registry.Worker;
import dev.relay.routing.registry.WorkerRegistry;
import dev.relay.router.service.LoadSignals;
import dev.relay.routing.Refusals;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;

/**
 * The gateways' batched load reports ({@link LoadSignals}). A signal for a worker that has left the registry since
 * is dropped: its counts left with it.
 */
@Path("/internal/workers/signals")
@NonBlocking
public class LoadSignalResource {

    private final WorkerRegistry registry;
    private final LoadSignals load;

    public LoadSignalResource(WorkerRegistry registry, LoadSignals load) {
        this.registry = registry;
        this.load = load;
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
            if (worker != null && signal.kind() != null) {
                load.apply(worker, signal, now);
            }
        }
        return Response.noContent().build();
    }
}
