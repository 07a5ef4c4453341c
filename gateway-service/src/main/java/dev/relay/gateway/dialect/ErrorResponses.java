package dev.relay.gateway.dialect;

import dev.relay.gateway.service.ApiFailure;
import io.vertx.ext.web.RoutingContext;

/** Sends a refusal once, in whatever body shape the dialect chose, with Retry-After when the failure has one. */
public final class ErrorResponses {

    private ErrorResponses() {
    }

    public static void send(RoutingContext ctx, ApiFailure failure, String body) {
        var response = ctx.response();
        if (response.headWritten() || response.ended() || response.closed()) {
            return;
        }
        if (failure.retryAfterSeconds() != null) {
            response.putHeader("Retry-After", Long.toString(failure.retryAfterSeconds()));
        }
        response.setStatusCode(failure.status()).putHeader("Content-Type", "application/json").end(body);
    }
}
