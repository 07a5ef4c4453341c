package dev.relay.contracts.internal;

/**
 * What a gateway tells router-service about its requests on a worker, sent in batches to
 * {@code POST /internal/workers/signals}. The route answer itself counts its first candidate as started, so a
 * gateway sends {@link #STARTED} only when it fails over to a later candidate, {@link #FINISHED} for every worker
 * it sent the request to, and {@link #RELEASED} when a routed request never went out (refused for credit, rate
 * limit, or the client left), so that the router's in-flight count comes back down.
 *
 * @param ok for {@link #FINISHED}: whether the worker answered properly (feeds passive health)
 * @param ttftMs for {@link #FINISHED}: time to the first byte, 0 when unknown
 * @param durationMs for {@link #FINISHED}: time to the end, 0 when unknown
 */
public record WorkerSignal(
        String workerId,
        String kind,
        boolean ok,
        long ttftMs,
        long durationMs) {

    public static final String STARTED = "started";
    public static final String FINISHED = "finished";
    public static final String RELEASED = "released";

    public static WorkerSignal started(String workerId) {
        return new WorkerSignal(workerId, STARTED, true, 0, 0);
    }

    public static WorkerSignal released(String workerId) {
        return new WorkerSignal(workerId, RELEASED, true, 0, 0);
    }

    public static WorkerSignal finished(String workerId, boolean ok, long ttftMs, long durationMs) {
        return new WorkerSignal(workerId, FINISHED, ok, ttftMs, durationMs);
    }
}
