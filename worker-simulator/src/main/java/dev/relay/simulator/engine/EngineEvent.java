package dev.relay.simulator.engine;

/**
 * Something that happened to a sequence at a simulated instant. Token {@code tokenIndex} (0-based) became
 * available at {@code atNanos}; the first token of a sequence is {@link Kind#FIRST_TOKEN}. {@link Kind#FINISHED}
 * follows the last token's event at the same instant and carries the sequence's timing.
 */
public record EngineEvent(String requestId, Kind kind, int tokenIndex, long atNanos, SequenceTiming timing) {

    public enum Kind { FIRST_TOKEN, TOKEN, FINISHED }

    public boolean carriesToken() {
        return kind != Kind.FINISHED;
    }
}
