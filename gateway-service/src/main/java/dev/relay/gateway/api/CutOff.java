package dev.relay.gateway.api;

import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * Ends a request that will not be answered whole (its upload stalled, its download broke off), and it alone: over
 * HTTP/2 its stream is reset, since closing the connection would cut off every other request on it (a proxy's other
 * clients' too); over HTTP/1 its connection is closed, not {@code response.reset()}, which marks the response closed
 * first and so runs none of the request's end handlers (the places it holds, Quarkus' count of requests in flight
 * that a graceful shutdown waits for).
 */
final class CutOff {

    private CutOff() {
    }

    static void alone(RoutingContext ctx) {
        if (ctx.request().version() == HttpVersion.HTTP_2) {
            ctx.response().reset();
        } else {
            ctx.request().connection().close();
        }
    }
}
