package dev.relay.settlement.api;

import dev.relay.settlement.client.OpenGpuChain;
import dev.relay.settlement.persistence.Settlement;
import dev.relay.settlement.persistence.SettlementRepository;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Internal API: an opengpu task's payment with its receipt, and the chain and book payments go to. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class SettlementResource {

    private static final Pattern TASK_ID = Pattern.compile(
            "opengpu:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final SettlementRepository settlements;
    private final OpenGpuChain chain;

    public SettlementResource(SettlementRepository settlements, OpenGpuChain chain) {
        this.settlements = settlements;
        this.chain = chain;
    }

    @GET
    @Path("settlements/{taskId}")
    public Response settlement(@PathParam("taskId") String taskId) {
        Optional<Settlement> found = TASK_ID.matcher(taskId).matches() ? settlements.byTask(taskId) : Optional.empty();
        return found.map(s -> Response.ok(SettlementView.of(s, chain.chainId(), depth(s))).build())
                .orElseGet(() -> Response.status(404).entity(Map.of("error", Map.of(
                        "message", "No settlement for that task.", "type", "invalid_request_error",
                        "code", "not_found"))).build());
    }

    /** Blocks on top of the payment now, its own included; as last recorded when the chain cannot be asked. */
    private Integer depth(Settlement s) {
        if (s.blockNumber == null) {
            return s.confirmations;
        }
        try {
            return OpenGpuChain.confirmations(chain.head(), s.blockNumber);
        } catch (IOException e) {
            return s.confirmations;
        }
    }

    @GET
    @Path("internal/chain")
    public Map<String, Object> chain() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("chain_id", chain.chainId());
        out.put("task_book", chain.book().map(b -> b.address()).orElse(null));
        out.put("operator", chain.book().map(b -> b.operator()).orElse(null));
        return out;
    }
}
