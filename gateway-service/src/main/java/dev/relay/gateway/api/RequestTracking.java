package dev.relay.gateway.api;

import dev.relay.gateway.service.RequestTiming;
import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * Gives every response an {@code x-request-id} (echoed when sane, else generated) and {@code x-relay-overhead-ms}, and
 * every log line and trace span written for the request that id.
 */
final class RequestTracking {

    static final String REQUEST_ID = "relay.requestId";
    static final String MDC_KEY = "requestId";
    static final String SPAN_ATTRIBUTE = "relay.request_id";
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestTracking() {
    }

    static void handle(RoutingContext ctx) {
        RequestTiming timing = new RequestTiming();
        String presented = ctx.request().getHeader("x-request-id");
        String requestId = presented != null && SANE_ID.matcher(presented).matches() ? presented
                : UUID.randomUUID().toString();
        ctx.put(RequestTiming.KEY, timing);
        ctx.put(REQUEST_ID, requestId);
        // Quarkus keeps the MDC per Vert.x duplicated context: every line logged for this request, on whatever
        // callback, carries its id (log format %X{requestId}).
        MDC.put(MDC_KEY, requestId);
        Span.current().setAttribute(SPAN_ATTRIBUTE, requestId); // a no-op while tracing is off
        ctx.response().putHeader("x-request-id", requestId);
        if (ctx.request().headers().contains("Origin")) {
            // The CORS answer names the caller's origin: a shared cache must not hand it to another origin's page.
            ctx.response().putHeader("Vary", "Origin");
        }
        ctx.addHeadersEndHandler(ignored -> ctx.response()
                .putHeader("x-relay-overhead-ms", timing.overheadMs()));
        ctx.next();
    }

    /**
     * A peer's answer (auth, billing, task-service), continued on the request's event loop. The peer is to these
     * requests what a worker is to a chat: its time (a task poll's long wait above all) is not the gateway's own,
     * and {@code x-relay-overhead-ms} leaves it out.
     */
    static <T> Uni<T> fromPeer(RoutingContext ctx, Uni<T> call) {
        RequestTiming timing = ctx.get(RequestTiming.KEY);
        timing.workerStarted();
        return Admission.onLoop(call, ctx).onTermination().invoke(timing::workerStopped);
    }

    /**
     * As {@link #fromPeer(RoutingContext, Uni)}, for a peer's answer made on the request's event loop and taken as it
     * comes: its time ends with its head, the rest is relayed as it arrives.
     */
    static <T> Future<T> fromPeer(RoutingContext ctx, Supplier<Future<T>> call) {
        RequestTiming timing = ctx.get(RequestTiming.KEY);
        timing.workerStarted();
        return call.get().andThen(ignored -> timing.workerStopped());
    }
}
