package dev.relay.auth.api;

import dev.relay.contracts.internal.ApiError;
import dev.relay.auth.service.AccountService;
import dev.relay.auth.service.KeyService;
import dev.relay.auth.service.TierCatalog;
import dev.relay.contracts.internal.KeyIdentity;
import dev.relay.contracts.internal.TierLimits;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Service-to-service API; the Ingress never exposes /internal. */
@Path("/internal")
@Produces(MediaType.APPLICATION_JSON)
public class InternalResource {

    /** The gateway's caller: the account's key a key request came with, which bounds what it may do to keys. */
    static final String ACTING_KEY = "acting_key";

    private final KeyService keys;
    private final KeyEndpoints keyEndpoints;
    private final TierCatalog tiers;
    private final AccountService accounts;

    public InternalResource(KeyService keys, KeyEndpoints keyEndpoints, TierCatalog tiers, AccountService accounts) {
        this.keys = keys;
        this.accounts = accounts;
        this.keyEndpoints = keyEndpoints;
        this.tiers = tiers;
    }

    /** 200 identity of a live key; 404 for unknown and for revoked keys alike. */
    @GET
    @Path("/keys/{sha256hex}")
    public KeyIdentity identify(@PathParam("sha256hex") String keyHash) {
        return keys.identify(keyHash).orElseThrow(() -> ApiError.notFound("No such key"));
    }

    /**
     * 204 when the account exists, 404 otherwise: billing asks before it adds credit to an account, on this internal
     * API, so that the operator's token never travels from one service to another.
     */
    @GET
    @Path("/accounts/{accountId}")
    public Response accountExists(@PathParam("accountId") String accountId) {
        accounts.get(accountId);
        return Response.noContent().build();
    }

    @GET
    @Path("/accounts/{accountId}/keys")
    public KeyView.Listing list(@PathParam("accountId") String accountId) {
        return new KeyView.Listing(keys.list(accountId).stream().map(KeyView::of).toList());
    }

    @POST
    @Path("/accounts/{accountId}/keys")
    public Response create(@PathParam("accountId") String accountId, @QueryParam(ACTING_KEY) String actingKeyId,
            String body) {
        return keyEndpoints.create(accountId, body, actingKeyId);
    }

    @DELETE
    @Path("/accounts/{accountId}/keys/{keyId}")
    public Response revoke(@PathParam("accountId") String accountId, @PathParam("keyId") String keyId,
            @QueryParam(ACTING_KEY) String actingKeyId) {
        keys.revoke(accountId, keyId, actingKeyId);
        return Response.noContent().build();
    }

    /** {@code {"guest":{"rpm":10,"modeRpm":{"direct":10,"opengpu":10}},...}}: guest, basic, pro, max, custom. */
    @GET
    @Path("/tiers")
    public Map<String, TierLimits> tiers() {
        Map<String, TierLimits> out = new LinkedHashMap<>();
        tiers.all().forEach((name, limits) -> out.put(name, new TierLimits(limits.rpm(), new TreeMap<>(limits.modeRpm()))));
        return out;
    }
}
