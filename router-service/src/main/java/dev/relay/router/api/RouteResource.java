package dev.relay.router.api;

import dev.relay.contracts.internal.CatalogModel;
import dev.relay.contracts.internal.RouteDecision;
import dev.relay.contracts.internal.RouteRequest;
import dev.relay.router.service.ModelCatalog;
import dev.relay.routing.ModelResolver;
import dev.relay.router.service.RoutingService;
import dev.relay.routing.RegistrySnapshot;
import dev.relay.routing.RoutingPolicy;
import dev.relay.routing.registry.WorkerRegistry;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** Routing and the catalog. In-memory work only, so it runs on the event loop. */
@Path("/internal")
@Produces(MediaType.APPLICATION_JSON)
@NonBlocking
public class RouteResource {

    private final RoutingService routing;
    private final ModelCatalog catalog;
    private final ModelResolver resolver;
    private final RoutingPolicy policy;
    private final WorkerRegistry registry;

    public RouteResource(RoutingService routing, ModelCatalog catalog, ModelResolver resolver, RoutingPolicy policy,
            WorkerRegistry registry) {
        this.routing = routing;
        this.catalog = catalog;
        this.resolver = resolver;
        this.policy = policy;
        this.registry = registry;
    }

    @POST
    @Path("/route")
    @Consumes(MediaType.APPLICATION_JSON)
    public RouteDecision route(RouteRequest request) {
        return routing.route(request);
    }

    /** The registry and the policy, for gateways that pick workers themselves (polled every few hundred ms). */
    @GET
    @Path("/routing")
    public RegistrySnapshot snapshot() {
        return RegistrySnapshot.of(policy, registry);
    }

    @GET
    @Path("/models")
    public List<CatalogModel> models() {
        return catalog.models();
    }

    /** Alias to model id (the target may itself carry a {@code mode.source.} prefix). */
    @GET
    @Path("/aliases")
    public Map<String, String> aliases() {
        return resolver.aliases();
    }
}
