package dev.relay.task.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.task.service.WebhookEndpoints;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * Service-to-service API for an account's webhook endpoints: gateways pass their callers' {@code /v1/webhooks} calls
 * here, with the account id taken from the caller's key.
 */
@Path("/internal/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class WebhookResource {

    private final WebhookEndpoints endpoints;

    public WebhookResource(WebhookEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    /** 201 with the endpoint and its signing secret, shown this once. */
    @POST
    public Response register(@QueryParam("account_id") String accountId, JsonNode body) {
        var endpoint = endpoints.register(AccountParam.required(accountId), body);
        return Response.status(201).entity(WebhookEndpointView.created(endpoint)).build();
    }

    /** {@code {"webhooks": [...]}}, oldest first, without secrets. */
    @GET
    public Map<String, List<WebhookEndpointView>> list(@QueryParam("account_id") String accountId) {
        return Map.of("webhooks",
                endpoints.of(AccountParam.required(accountId)).stream().map(WebhookEndpointView::listed).toList());
    }

    /** {@code {"deliveries": [...]}}: the endpoint's latest calls, newest first ({@code limit} 1-100, default 20). */
    @GET
    @Path("/{id}/deliveries")
    public Map<String, List<WebhookDeliveryView>> deliveries(@PathParam("id") String id,
            @QueryParam("account_id") String accountId, @QueryParam("limit") String limit) {
        return Map.of("deliveries", endpoints.deliveries(id, AccountParam.required(accountId), limit).stream()
                .map(WebhookDeliveryView::of).toList());
    }

    /** 202 {@code {"event_id"}}: a {@code webhook.test} event is owed to the endpoint; 404 when not the account's. */
    @POST
    @Path("/{id}/test")
    @Consumes(MediaType.WILDCARD)
    public Response test(@PathParam("id") String id, @QueryParam("account_id") String accountId) {
        String eventId = endpoints.sendTest(id, AccountParam.required(accountId));
        return Response.accepted(Map.of("event_id", eventId)).build();
    }

    /** 204; 404 for an endpoint that is not the account's. Callbacks still owed to it are dropped with it. */
    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id, @QueryParam("account_id") String accountId) {
        endpoints.delete(id, AccountParam.required(accountId));
        return Response.noContent().build();
    }
}
