package dev.relay.gateway.client;

import dev.relay.contracts.internal.WorkerSignal;
import dev.relay.gateway.config.GatewayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tells the router when requests start (after a failover), finish or are released on a worker. Signals are
 * gathered for a few milliseconds and sent as one call, so the router gets one HTTP request per batch instead of
 * two per chat request. A flush is armed by the first signal after a quiet spell: an idle gateway runs no timer.
 * Lost signals cost only accuracy (the router bounds its in-flight counts by the workers' own metrics).
 */
@ApplicationScoped
public class WorkerLoadReporter {

    private final RouterClient router;
    private final Vertx vertx;
    private final long flushMs;
    private final int maxBatch;
    private final ConcurrentLinkedQueue<WorkerSignal> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean armed = new AtomicBoolean();

    public WorkerLoadReporter(RouterClient router, Vertx vertx, GatewayConfig config) {
        this.router = router;
        this.vertx = vertx;
        this.flushMs = Math.max(1, config.loadSignals().flushInterval().toMillis());
        this.maxBatch = config.loadSignals().maxBatch();
    }

    /** A failover: the request now runs on this worker (the router counted the first candidate itself). */
    public void started(String workerId) {
        add(WorkerSignal.started(workerId));
    }

    public void finished(String workerId, boolean ok, long ttftMs, long durationMs) {
        add(WorkerSignal.finished(workerId, ok, ttftMs, durationMs));
    }

    /** The router counted this worker for a request that never reached it. */
    public void released(String workerId) {
        add(WorkerSignal.released(workerId));
    }

    private void add(WorkerSignal signal) {
        pending.add(signal);
        if (armed.compareAndSet(false, true)) {
            vertx.setTimer(flushMs, id -> flush());
        }
    }

    void flush() {
        armed.set(false);
        List<WorkerSignal> batch = new ArrayList<>();
        WorkerSignal next;
        while ((next = pending.poll()) != null) {
            batch.add(next);
            if (batch.size() == maxBatch) {
                router.report(batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            router.report(batch);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        flush();
    }
}
