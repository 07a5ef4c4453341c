package dev.relay.auth.api;

import dev.relay.auth.service.AccountService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Operator API: accounts, their first keys, tiers. Every method sits behind {@link OperatorTokenFilter}. */
@Path("/operator")
@OperatorOnly
@Produces(MediaType.APPLICATION_JSON)
public class OperatorResource {

    private final AccountService accounts;
    private final KeyEndpoints keyEndpoints;
    private final JsonBodies bodies;

    public OperatorResource(AccountService accounts, KeyEndpoints keyEndpoints, JsonBodies bodies) {
        this.accounts = accounts;
        this.keyEndpoints = keyEndpoints;
        this.bodies = bodies;
    }

    @POST
    @Path("/accounts")
    public Response createAccount(String body) {
        JsonBodies.AccountRequest request = bodies.account(body);
        return Response.status(Response.Status.CREATED)
                .entity(AccountView.of(accounts.create(request.name(), request.tier()))).build();
    }

    @GET
    @Path("/accounts/{id}")
    public AccountView account(@PathParam("id") String id) {
        return AccountView.of(accounts.get(id));
    }

    @PUT
    @Path("/accounts/{id}/tier")
    public AccountView changeTier(@PathParam("id") String id, String body) {
        return AccountView.of(accounts.changeTier(id, bodies.tier(body)));
    }

    @POST
    @Path("/accounts/{id}/keys")
    public Response createKey(@PathParam("id") String id, String body) {
        return keyEndpoints.create(id, body, null);
    }
}
