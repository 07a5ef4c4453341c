package dev.relay.gateway.client;

import dev.relay.contracts.internal.WorkerSignal;
import dev.relay.gateway.config.GatewayConfig;
import dev.relay.gateway.service.UnsettledRequests;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counts requests in flight per worker, both in this gateway's {@link RouterMirror} and at the router, and tells the
 * router how long they took. Whoever routed a request (the mirror or the router) counted its first candidate
 * already; the other is told here. Signals for the router are
 * gathered for a few milliseconds and sent as one call, so the router gets one HTTP request per batch instead of
 * two per chat request. A flush is armed by the first signal after a quiet spell: an idle gateway runs no timer.
 * Lost signals cost only accuracy (the router bounds its in-flight counts by the workers' own metrics).
 */
@ApplicationScoped
public class WorkerLoadReporter {

    private final RouterClient router;
    private final RouterMirror mirror;
    private final Vertx vertx;
    private final UnsettledRequests unsettled;
    private final long flushMs;
    private final int maxBatch;
    private final ConcurrentLinkedQueue<WorkerSignal> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean armed = new AtomicBoolean();

    public WorkerLoadReporter(RouterClient router, RouterMirror mirror, Vertx vertx, UnsettledRequests unsettled,
            GatewayConfig config) {
        this.router = router;
        this.unsettled = unsettled;
        this.mirror = mirror;
        this.vertx = vertx;
        this.flushMs = Math.max(1, config.loadSignals().flushInterval().toMillis());
        this.maxBatch = config.loadSignals().maxBatch();
    }

    /** The mirror routed a request to this worker and counted it; the router has yet to. */
    public void routedLocally(String workerId) {
        add(WorkerSignal.started(workerId));
    }

    /** The router routed a request to this worker and counted it; the mirror has yet to. */
    public void routedByRouter(String workerId) {
        mirror.started(workerId);
    }

    /** A failover: the request now runs on this worker. */
    public void started(String workerId) {
        mirror.started(workerId);
        add(WorkerSignal.started(workerId));
    }

    public void finished(String workerId, boolean ok, long ttftMs, long durationMs) {
        if (!ok && unsettled.workersClosing()) {
            // Cut off by this gateway closing its worker connections: counted as failures, they would eject healthy
            // workers fleet-wide.
            released(workerId);
            return;
        }
        mirror.ended(workerId);
        add(WorkerSignal.finished(workerId, ok, ttftMs, durationMs));
    }

    /** A worker counted for a request that never reached it. */
    public void released(String workerId) {
        mirror.ended(workerId);
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
