package dev.relay.simulator.engine;

/**
 * One sequence to generate. The caller decides the output length up front (max tokens, stop sequences), so the
 * engine only simulates when each token appears.
 *
 * @param id unique among the engine's live sequences
 * @param model the served model; prefix blocks are only shared within one model
 * @param promptTokens the tokenized prompt
 * @param outputTokens tokens to generate, at least 1
 */
public record SequenceRequest(String id, String model, int[] promptTokens, int outputTokens) {

    public SequenceRequest {
        if (outputTokens < 1) {
            throw new IllegalArgumentException("outputTokens must be at least 1");
        }
        if (promptTokens.length == 0) {
            throw new IllegalArgumentException("the prompt must have at least one token");
        }
    }
}
