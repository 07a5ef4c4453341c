package dev.relay.router.service;

import dev.relay.contracts.internal.WorkerSignal;
import dev.relay.routing.registry.HealthPolicy;
import dev.relay.routing.registry.Worker;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * What a gateway's report about a request on a worker does to that worker: started and released move its in-flight
 * count; finished also feeds its latency averages (successes only) and its passive health. Unknown kinds do nothing,
 * so that a newer gateway can talk to an older router.
 */
@ApplicationScoped
public class LoadSignals {

    private final HealthPolicy policy;

    public LoadSignals(HealthPolicy policy) {
        this.policy = policy;
    }

    public void apply(Worker worker, WorkerSignal signal, Instant now) {
        switch (signal.kind()) {
            case WorkerSignal.STARTED -> worker.started();
            case WorkerSignal.RELEASED -> worker.finished(0, 0);
            case WorkerSignal.FINISHED -> {
                worker.finished(signal.ok() ? signal.ttftMs() : 0, signal.ok() ? signal.durationMs() : 0);
                policy.requestFinished(worker, signal.ok(), now);
            }
            default -> {
            }
        }
    }
}
