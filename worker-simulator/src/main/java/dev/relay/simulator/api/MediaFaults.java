package dev.relay.simulator.api;

import dev.relay.simulator.config.SimulatorConfig;
import dev.relay.simulator.service.MediaRejected;
import dev.relay.simulator.service.RequestRejected;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code x-sim-fault} on media endpoints, so that gateway tests can make a media worker fail as they do a chat
 * worker: {@code fail-before} answers 500 at once, {@code slow:MS} starts the work MS wall-clock milliseconds late,
 * and {@code fail-after:N} lets the work run and then drops the connection without an answer (media answers are not
 * streamed, so there are no chunks to count), except that a video job is accepted and then fails at N percent.
 */
final class MediaFaults {

    private MediaFaults() {
    }

    static Fault parse(RoutingContext ctx, SimulatorConfig config) {
        try {
            return Fault.parse(ctx.request().getHeader(Fault.HEADER), config.faultInjectionEnabled());
        } catch (RequestRejected e) {
            throw MediaRejected.invalid(null, e.getMessage());
        }
    }

    static MediaRejected injected(String header) {
        return new MediaRejected(500, "server_error", null, "internal_error",
                "injected failure (" + Fault.HEADER + ": " + header + ")");
    }

    /** What a worker dying before its answer looks like to the client: the connection closes, nothing is sent. */
    static void drop(RoutingContext ctx) {
        ctx.request().connection().close();
    }
}
