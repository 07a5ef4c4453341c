package dev.relay.gateway.config;

import io.netty.util.concurrent.EventExecutor;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Gives every event loop thread the short scheduling slice of {@code relay.gateway.event-loop-slice-micros}, at
 * startup, on the thread itself (a slice is a thread's own and not inherited). The request path runs on the event
 * loops, and each request wakes one several times (its arrival, Redis's answer, the worker's head and body).
 */
@ApplicationScoped
public class EventLoopSlice {

    private static final Logger LOG = Logger.getLogger(EventLoopSlice.class);

    void apply(@Observes StartupEvent event, Vertx vertx, GatewayConfig config) {
        if (config.eventLoopSliceMicros() <= 0) {
            return;
        }
        Duration slice = Duration.ofNanos(config.eventLoopSliceMicros() * 1_000L);
        for (EventExecutor loop : vertx.nettyEventLoopGroup()) {
            loop.execute(() -> {
                ThreadSlice.Outcome outcome = ThreadSlice.request(slice);
                if (outcome.applied()) {
                    LOG.infof("%s runs with a %d µs scheduling slice", Thread.currentThread().getName(),
                            outcome.sliceNanos() / 1_000);
                } else {
                    LOG.infof("%s keeps the kernel's scheduling slice: %s", Thread.currentThread().getName(),
                            outcome.detail());
                }
            });
        }
    }
}
