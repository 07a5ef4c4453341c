package dev.relay.gateway.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Requests sent to a worker whose usage event is not out yet. At shutdown the gateway waits for them before it
 * closes its worker connections and its Kafka producer: Quarkus's own wait covers requests whose client is still
 * there, not one whose client left while its worker was at it (a non-streamed answer is let finish so that its
 * counts are billed), which would otherwise be run and never billed. Once shutdown begins, no async task starts
 * here: one would only lengthen that wait and be cut off at its end.
 */
@ApplicationScoped
public class UnsettledRequests {

    private int count;
    private boolean shuttingDown;
    private boolean workersClosing;

    /** From now on async tasks are left to other replicas. */
    public synchronized void beginShutdown() {
        shuttingDown = true;
    }

    public synchronized boolean shuttingDown() {
        return shuttingDown;
    }

    /**
     * The worker connections are about to close under whatever still runs: from now on a failure is this gateway's
     * doing, not a worker's.
     */
    public synchronized void closingWorkers() {
        workersClosing = true;
    }

    public synchronized boolean workersClosing() {
        return workersClosing;
    }

    public synchronized void started() {
        count++;
    }

    /**
     * Counts an async task's request as started, unless shutdown has begun: then it is not to start here. One step, so
     * that shutdown's wait cannot miss a task that checked just before it began.
     */
    public synchronized boolean startUnlessShuttingDown() {
        if (shuttingDown) {
            return false;
        }
        count++;
        return true;
    }

    public synchronized void settled() {
        count--;
        if (count <= 0) {
            notifyAll();
        }
    }

    public synchronized int count() {
        return count;
    }

    /** Waits until none is left or {@code timeout} has passed; whether none is left. */
    public synchronized boolean awaitNone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
