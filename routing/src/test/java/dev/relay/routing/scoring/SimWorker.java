package dev.relay.routing.scoring;

/** A worker with fixed signals, as a discrete-event simulation would hand them to a strategy. */
record SimWorker(String id, int capacity, int inFlight, int running, int waiting, double kvUsage,
        double latencyEwmaMs, double price) implements WorkerSignals {

    static SimWorker idle(String id) {
        return new SimWorker(id, 10, 0, 0, 0, 0.0, 0.0, 0.5);
    }

    SimWorker withInFlight(int n) {
        return new SimWorker(id, capacity, n, running, waiting, kvUsage, latencyEwmaMs, price);
    }

    SimWorker withWaiting(int n) {
        return new SimWorker(id, capacity, inFlight, running, n, kvUsage, latencyEwmaMs, price);
    }

    SimWorker withKv(double kv) {
        return new SimWorker(id, capacity, inFlight, running, waiting, kv, latencyEwmaMs, price);
    }
}
