package dev.relay.routing.scoring;

/**
 * What a routing strategy may know about one worker at the moment of a pick. Pure Java on purpose: the live
 * registry implements it, and so can a simulated worker in a discrete-event routing benchmark.
 */
public interface WorkerSignals {

    /** Stable id; ties between equal scores are broken by the order of the list handed to a strategy. */
    String id();

    /** {@code id().hashCode()}; implementations may cache it, as a pick asks a thousand workers for it. */
    default int idHash() {
        return id().hashCode();
    }

    /** Maximum concurrent requests the worker accepts (at least 1). */
    int capacity();

    /** Requests this router sent and has not yet seen finish. */
    int inFlight();

    /** {@code vllm:num_requests_running} summed over models, 0 when the worker exposes no metrics. */
    int running();

    /** {@code vllm:num_requests_waiting} summed over models, 0 when the worker exposes no metrics. */
    int waiting();

    /** {@code vllm:kv_cache_usage_perc} as a fraction 0..1, 0 when unknown. */
    double kvUsage();

    /** Moving average of request duration in milliseconds, 0 when nothing was measured yet. */
    double latencyEwmaMs();

    /** Relative price of the worker, 0 (cheapest) .. 1 (dearest). */
    double price();
}
