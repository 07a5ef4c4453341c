package dev.relay.simulator.engine;

/**
 * The performance envelope of one simulated GPU worker. All times are in simulated (virtual) time; a real-time
 * driver maps them onto the wall clock.
 *
 * @param maxNumSeqs most sequences in the running batch (vLLM {@code --max-num-seqs})
 * @param kvBlocks KV-cache capacity in blocks
 * @param blockTokens tokens per KV block (vLLM's default block size is 16)
 * @param prefillTokensPerSecond prompt tokens computed per second; cached prefix tokens cost nothing
 * @param baseStepMs fixed cost of one decode step (weights read once per step, whatever the batch)
 * @param perSeqStepMs extra cost per sequence in the batch, so per-sequence speed falls as the batch grows
 * @param speedFactor divides every duration: 2.0 is a GPU twice as fast
 */
public record EngineConfig(int maxNumSeqs, int kvBlocks, int blockTokens, double prefillTokensPerSecond,
                           double baseStepMs, double perSeqStepMs, double speedFactor) {

    public EngineConfig {
        if (maxNumSeqs < 1 || kvBlocks < 1 || blockTokens < 1) {
            throw new IllegalArgumentException("maxNumSeqs, kvBlocks and blockTokens must be positive");
        }
        if (prefillTokensPerSecond <= 0 || baseStepMs < 0 || perSeqStepMs < 0 || speedFactor <= 0) {
            throw new IllegalArgumentException("speeds must be positive and step costs non-negative");
        }
    }

    /** A mid-range GPU serving a ~30B model: ~80 tokens/s alone, ~20 tokens/s per sequence in a batch of 64. */
    public static EngineConfig defaults() {
        return new EngineConfig(64, 8192, 16, 8000, 12, 0.6, 1.0);
    }

    public long prefillNanos(int tokens) {
        return Math.round(tokens * 1e9 / prefillTokensPerSecond / speedFactor);
    }

    public long decodeStepNanos(int batch) {
        return Math.round((baseStepMs + perSeqStepMs * batch) * 1e6 / speedFactor);
    }

    /** Decode speed of each sequence in a batch of this size, tokens per simulated second. */
    public double tokensPerSecondPerSequence(int batch) {
        return 1e9 / decodeStepNanos(batch);
    }
}
