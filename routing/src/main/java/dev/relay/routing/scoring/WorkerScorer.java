package dev.relay.routing.scoring;

/**
 * The cost of sending one request to one worker; lower is better. Pure arithmetic on {@link WorkerSignals}, in
 * the spirit of llm-d's and SGLang's scorers:
 *
 * <pre>
 * cost = w_queue * load + w_kv * kvUsage − w_prefix * matchedBlocks / totalBlocks
 *      + w_latency * ewma / (ewma + scale) + w_price * price
 * </pre>
 */
public final class WorkerScorer {

    private final ScoringWeights weights;

    public WorkerScorer(ScoringWeights weights) {
        this.weights = weights;
    }

    public ScoringWeights weights() {
        return weights;
    }

    /**
     * (waiting + in-flight) / capacity. The router's own in-flight count and the worker's running + waiting count
     * largely the same requests (the latter also those sent by other router replicas), so the larger is used.
     */
    public static double load(WorkerSignals w) {
        int queued = Math.max(w.inFlight(), w.running() + w.waiting());
        return (double) queued / Math.max(1, w.capacity());
    }

    public double cost(WorkerSignals w, int matchedBlocks, int totalBlocks) {
        return cost(w, load(w), matchedBlocks, totalBlocks);
    }

    double cost(WorkerSignals w, double load, int matchedBlocks, int totalBlocks) {
        double cost = weights.queue() * load + weights.kv() * w.kvUsage();
        if (totalBlocks > 0 && matchedBlocks > 0) {
            cost -= weights.prefix() * Math.min(matchedBlocks, totalBlocks) / totalBlocks;
        }
        double latency = w.latencyEwmaMs();
        if (latency > 0) {
            cost += weights.latency() * latency / (latency + weights.latencyScaleMs());
        }
        return cost + weights.price() * w.price();
    }
}
