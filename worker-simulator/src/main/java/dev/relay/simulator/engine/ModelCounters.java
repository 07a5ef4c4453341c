package dev.relay.simulator.engine;

/** Monotonic counters and the time-to-first-token histogram of one model, as vLLM exports them. */
public final class ModelCounters {

    /** vLLM's bucket bounds for {@code vllm:time_to_first_token_seconds}. */
    public static final double[] TTFT_BUCKETS = {0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75,
        1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0};

    long promptTokens;
    long generationTokens;
    long prefixQueries;
    long prefixHits;
    long finishedRequests;
    final long[] ttftBuckets = new long[TTFT_BUCKETS.length];
    long ttftCount;
    double ttftSumSeconds;

    void observeTtft(double seconds) {
        for (int i = 0; i < TTFT_BUCKETS.length; i++) {
            if (seconds <= TTFT_BUCKETS[i]) {
                ttftBuckets[i]++;
            }
        }
        ttftCount++;
        ttftSumSeconds += seconds;
    }

    /** A copy for readers on other threads. */
    public Snapshot snapshot(int running, int waiting) {
        return new Snapshot(running, waiting, promptTokens, generationTokens, prefixQueries, prefixHits,
                finishedRequests, ttftBuckets.clone(), ttftCount, ttftSumSeconds);
    }

    /** @param ttftCumulativeBuckets cumulative counts per bound of {@link #TTFT_BUCKETS}, as Prometheus wants them */
    public record Snapshot(int running, int waiting, long promptTokens, long generationTokens, long prefixQueries,
                           long prefixHits, long finishedRequests, long[] ttftCumulativeBuckets, long ttftCount,
                           double ttftSumSeconds) {
    }
}
