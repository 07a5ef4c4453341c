package dev.relay.bench.routing;

import dev.relay.routing.scoring.WorkerSignals;
import dev.relay.simulator.engine.InferenceEngine;

/**
 * What the router knows about one simulated worker, kept the way router-service keeps it: its own in-flight count
 * (exact: it sees every pick and every finish), running / waiting / KV use as of the last scrape, and the moving
 * average of request durations from finished reports (α = 0.2, as {@code registry.Worker}).
 */
final class SimulatedWorker implements WorkerSignals {

    private static final double EWMA_ALPHA = 0.2;

    final int index;
    private final String id;
    private final int capacity;
    private int inFlight;
    private int running;
    private int waiting;
    private double kvUsage;
    private double latencyEwmaMs;

    SimulatedWorker(int index, int capacity) {
        this.index = index;
        this.id = "sim-" + index;
        this.capacity = capacity;
    }

    void picked() {
        inFlight++;
    }

    void finished(double durationMs) {
        inFlight = Math.max(0, inFlight - 1);
        latencyEwmaMs = latencyEwmaMs == 0 ? durationMs : latencyEwmaMs + EWMA_ALPHA * (durationMs - latencyEwmaMs);
    }

    /** A {@code /metrics} scrape. */
    void scrape(InferenceEngine engine) {
        running = engine.runningCount();
        waiting = engine.waitingCount();
        kvUsage = engine.kvCacheUsage();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public int inFlight() {
        return inFlight;
    }

    @Override
    public int running() {
        return running;
    }

    @Override
    public int waiting() {
        return waiting;
    }

    @Override
    public double kvUsage() {
        return kvUsage;
    }

    @Override
    public double latencyEwmaMs() {
        return latencyEwmaMs;
    }

    @Override
    public double price() {
        return 0.5; // every simulated worker is price class "standard"
    }
}
