package dev.relay.gateway.service;

import java.util.function.LongSupplier;

/**
 * The gateway's own time for one request, i.e. the elapsed time minus the time spent waiting for workers (or, on the
 * account endpoints, for the service that answers), for the {@code x-relay-overhead-ms} header. Touched only on the
 * request's event loop.
 */
public final class RequestTiming {

    public static final String KEY = "relay.timing";

    /** Not capturing: one instance for every request, and a call the JIT inlines as it did {@code System.nanoTime()}. */
    private static final LongSupplier SYSTEM_NANOS = System::nanoTime;

    private final LongSupplier nanos;
    private final long startNanos;
    private long workerNanos;
    private long workerSince = -1;

    public RequestTiming() {
        this(SYSTEM_NANOS);
    }

    /** Timed by {@code nanos} (tests: a clock they move). */
    RequestTiming(LongSupplier nanos) {
        this.nanos = nanos;
        this.startNanos = nanos.getAsLong();
    }

    public void workerStarted() {
        if (workerSince < 0) {
            workerSince = nanos.getAsLong();
        }
    }

    public void workerStopped() {
        if (workerSince >= 0) {
            workerNanos += nanos.getAsLong() - workerSince;
            workerSince = -1;
        }
    }

    /**
     * The worker's time was not the client's: a request asked of its worker before its admission and then refused
     * (docs/architecture.md, Admission alongside the worker) waited for the refusal only, so all of it is the
     * gateway's own time, including what overlapped the worker.
     */
    public void workerNotForClient() {
        workerNanos = 0;
        workerSince = -1;
    }

    /** Milliseconds to the microsecond ("0.412"): the gateway's own time is usually well under one millisecond. */
    public String overheadMs() {
        long now = nanos.getAsLong();
        long worker = workerNanos + (workerSince >= 0 ? now - workerSince : 0);
        long micros = Math.max(0, (now - startNanos - worker) / 1_000);
        return micros / 1_000 + "." + Long.toString(1_000 + micros % 1_000).substring(1);
    }
}
