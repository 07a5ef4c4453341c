package dev.relay.routing.registry;

import dev.relay.routing.registry.WorkerState.Health;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BiConsumer;

/**
 * Outlier ejection. A worker is ejected after {@code failuresToEject} consecutive failed requests (reported by
 * the gateway) or consecutive failed probes, and readmitted by the first successful probe once it has been out
 * for at least {@code minEjection} (so one lucky probe right after a burst of errors does not flap it back).
 */
public final class HealthPolicy {

    private final int failuresToEject;
    private final Duration minEjection;
    private final BiConsumer<Worker, Health> onChange;

    public HealthPolicy(int failuresToEject, Duration minEjection, BiConsumer<Worker, Health> onChange) {
        this.failuresToEject = Math.max(1, failuresToEject);
        this.minEjection = minEjection;
        this.onChange = onChange;
    }

    public void requestFinished(Worker worker, boolean ok, Instant now) {
        if (ok) {
            worker.passiveFailures.set(0);
        } else if (worker.passiveFailures.incrementAndGet() >= failuresToEject) {
            eject(worker, now, worker.passiveFailures() + " consecutive failed requests");
        }
    }

    public void probed(Worker worker, String error, Instant now) {
        worker.probed(now, error);
        if (error == null) {
            worker.probeFailures.set(0);
            Instant ejectedAt = worker.ejectedAt();
            if (worker.health() == Health.EJECTED && ejectedAt != null
                    && Duration.between(ejectedAt, now).compareTo(minEjection) >= 0) {
                synchronized (worker) {
                    if (worker.health() != Health.EJECTED) {
                        return;
                    }
                    worker.readmit();
                }
                onChange.accept(worker, Health.HEALTHY);
            }
        } else if (worker.probeFailures.incrementAndGet() >= failuresToEject) {
            eject(worker, now, "probe failed: " + error);
        }
    }

    private void eject(Worker worker, Instant now, String reason) {
        synchronized (worker) {
            if (worker.health() == Health.EJECTED) {
                return;
            }
            worker.eject(now, reason);
        }
        onChange.accept(worker, Health.EJECTED);
    }
}
