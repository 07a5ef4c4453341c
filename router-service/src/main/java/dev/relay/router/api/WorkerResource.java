package dev.relay.router.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.contracts.internal.WorkerSignal;
import dev.relay.routing.registry.Worker;
import dev.relay.routing.registry.WorkerRegistry;
import dev.relay.routing.scoring.PrefixIndex;
import dev.relay.router.service.LoadSignals;
import dev.relay.routing.Refusals;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;

/** The registry for operators and tests, and the gateway's load reports (fire-and-forget, 204). */
@Path("/internal/workers")
@Produces(MediaType.APPLICATION_JSON)
@NonBlocking
public class WorkerResource {

    /** What the gateway reports when a request on a worker ends. */
    public record Finished(Boolean ok, @JsonProperty("ttft_ms") Long ttftMs, @JsonProperty("duration_ms") Long durationMs) {
    }

    private final WorkerRegistry registry;
    private final LoadSignals load;
    private final PrefixIndex prefixIndex;
    private final ObjectMapper json;

    public WorkerResource(WorkerRegistry registry, LoadSignals load, PrefixIndex prefixIndex, ObjectMapper json) {
        this.json = json;
        this.registry = registry;
        this.load = load;
        this.prefixIndex = prefixIndex;
    }

    @GET
    public List<WorkerView> workers() {
        return registry.all().stream().map(w -> WorkerView.of(w, prefixIndex)).toList();
    }

    @GET
    @Path("/{workerId}")
    public WorkerView worker(@PathParam("workerId") String workerId) {
        return WorkerView.of(known(workerId), prefixIndex);
    }

    @POST
    @Path("/{workerId}/started")
    public Response started(@PathParam("workerId") String workerId) {
        load.apply(known(workerId), WorkerSignal.started(workerId), Instant.now());
        return Response.noContent().build();
    }

    /** A body-less report (any content type) counts as a success without timings. */
    @POST
    @Path("/{workerId}/finished")
    @Consumes(MediaType.WILDCARD)
    public Response finished(@PathParam("workerId") String workerId, String body) {
        Worker worker = known(workerId);
        Finished report = parse(body);
        boolean ok = report == null || report.ok() == null || report.ok();
        long ttft = report == null || report.ttftMs() == null ? 0 : report.ttftMs();
        long duration = report == null || report.durationMs() == null ? 0 : report.durationMs();
        load.apply(worker, WorkerSignal.finished(workerId, ok, ttft, duration), Instant.now());
        return Response.noContent().build();
    }

    private Finished parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return json.readValue(body, Finished.class);
        } catch (java.io.IOException e) {
            throw Refusals.invalid(null, "invalid_report", "The report must be {\"ok\":bool,\"ttft_ms\":n,\"duration_ms\":n}");
        }
    }

    private Worker known(String workerId) {
        Worker worker = registry.find(workerId);
        if (worker == null) {
            throw Refusals.workerNotFound(workerId);
        }
        return worker;
    }
}
