package dev.relay.routing.scoring;

/**
 * Weights of {@link WorkerScorer}'s cost terms, and the load-guard threshold.
 *
 * @param queue weight of (waiting + in-flight) / capacity
 * @param kv weight of KV-cache use (0..1)
 * @param prefix weight of the matched share of the prompt's prefix blocks (subtracted)
 * @param latency weight of the latency term latencyEwma / (latencyEwma + latencyScaleMs)
 * @param price weight of the worker's relative price (0..1)
 * @param latencyScaleMs latency at which the latency term reaches one half
 * @param loadGuard when max load − min load among eligible workers exceeds this, order by load alone
 */
public record ScoringWeights(double queue, double kv, double prefix, double latency, double price,
        double latencyScaleMs, double loadGuard) {

    public static ScoringWeights defaults() {
        return new ScoringWeights(1.0, 0.5, 1.0, 0.1, 0.05, 1000.0, 0.5);
    }
}
