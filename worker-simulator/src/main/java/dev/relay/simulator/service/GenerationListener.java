package dev.relay.simulator.service;

/** Receives a generation's progress on the caller's Vert.x context, in order. */
public interface GenerationListener {

    /** Token {@code index} of choice {@code choice} is out; {@code piece} is its text (may be empty after a stop cut). */
    void token(int choice, int index, String piece);

    /** The choice generated its last token. */
    default void choiceFinished(int choice, ChoicePlan plan) {
    }

    /** Every choice is done. */
    void completed(Generation.Result result);
}
