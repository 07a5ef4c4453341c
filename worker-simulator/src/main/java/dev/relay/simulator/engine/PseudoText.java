package dev.relay.simulator.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic filler output: token {@code i} of a stream is a word picked from a small list by a hash of the
 * stream's seed and {@code i}, so the same request always produces the same text. Sentences end every few words.
 */
public final class PseudoText {

    private static final String[] WORDS = {"the", "model", "worker", "token", "cache", "batch", "request", "stream",
        "relay", "prefix", "block", "queue", "latency", "answer", "simple", "system", "data", "value", "result",
        "first", "next", "fast", "small", "large", "route", "signal", "memory", "compute", "layer", "state",
        "output", "input", "reads", "writes", "returns", "holds", "keeps", "moves", "serves", "builds", "checks",
        "and", "of", "to", "with", "for", "in", "on", "each", "every", "this", "that", "we", "it", "is", "are",
        "can", "will", "should", "now", "then", "here", "more", "less"};

    private PseudoText() {
    }

    /** The text pieces of {@code count} tokens; each non-first piece carries its leading space. */
    public static List<String> tokens(long seed, int count) {
        List<String> pieces = new ArrayList<>(count);
        boolean sentenceStart = true;
        for (int i = 0; i < count; i++) {
            long h = SplitMix.mix(seed + 0x9E3779B97F4A7C15L * (i + 1));
            String word = WORDS[(int) Long.remainderUnsigned(h, WORDS.length)];
            if (sentenceStart) {
                word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
            }
            sentenceStart = (h >>> 40) % 9 == 0 && i + 1 < count;
            String piece = (i == 0 ? "" : " ") + word + (sentenceStart || i + 1 == count ? "." : "");
            pieces.add(piece);
        }
        return pieces;
    }

    /** A length in [min, max] chosen by the seed. */
    public static int length(long seed, int min, int max) {
        return min + (int) Long.remainderUnsigned(SplitMix.mix(seed ^ 0x5DEECE66DL), max - min + 1);
    }

}
