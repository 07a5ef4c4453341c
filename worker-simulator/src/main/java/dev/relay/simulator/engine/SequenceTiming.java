package dev.relay.simulator.engine;

/** When a finished sequence was submitted, admitted to the batch, got its first token and its last, in simulated ns. */
public record SequenceTiming(long submittedAt, long scheduledAt, long firstTokenAt, long finishedAt,
                             int promptTokens, int cachedPromptTokens, int outputTokens) {

    public long queueNanos() {
        return scheduledAt - submittedAt;
    }

    public long prefillNanos() {
        return firstTokenAt - scheduledAt;
    }

    public long decodeNanos() {
        return finishedAt - firstTokenAt;
    }

    public long totalNanos() {
        return finishedAt - submittedAt;
    }
}
