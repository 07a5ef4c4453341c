package dev.relay.auth.api;

import dev.relay.auth.service.KeyService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

/** Key creation shared by the internal API (the gateway's /v1/keys) and the operator API. */
@ApplicationScoped
public class KeyEndpoints {

    private final KeyService keys;
    private final JsonBodies bodies;

    public KeyEndpoints(KeyService keys, JsonBodies bodies) {
        this.keys = keys;
        this.bodies = bodies;
    }

    /**
     * 201 with the key, secret included: the only time it is ever shown. {@code actingKeyId} is the account's key the
     * request came with (null from the operator), which bounds what the new key may reach.
     */
    public Response create(String accountId, String body, String actingKeyId) {
        return Response.status(Response.Status.CREATED)
                .entity(KeyView.of(keys.issue(accountId, bodies.newKey(body), actingKeyId))).build();
    }
}
