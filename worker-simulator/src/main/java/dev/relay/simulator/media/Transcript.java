package dev.relay.simulator.media;

import dev.relay.simulator.engine.PseudoText;
import java.util.ArrayList;
import java.util.List;

/**
 * What the simulated speech-to-text model "hears": deterministic pseudo-words at about {@value #WORDS_PER_SECOND}
 * words per second of audio, cut into Whisper-like segments (at a sentence's end, or after
 * {@value #MAX_SEGMENT_WORDS} words) whose times spread the words evenly over the audio.
 */
public record Transcript(String text, List<Segment> segments) {

    static final double WORDS_PER_SECOND = 2.5;
    static final int MAX_SEGMENT_WORDS = 12;

    /** One segment; its text starts with a space, as Whisper's do. */
    public record Segment(int id, double start, double end, String text) {
    }

    public static Transcript of(long seed, double durationSeconds) {
        int words = Math.max(1, (int) Math.round(durationSeconds * WORDS_PER_SECOND));
        List<String> pieces = PseudoText.tokens(seed, words);
        List<Segment> segments = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        StringBuilder segment = new StringBuilder();
        int first = 0;
        for (int i = 0; i < words; i++) {
            String word = pieces.get(i).strip();
            segment.append(' ').append(word);
            text.append(i == 0 ? "" : " ").append(word);
            if (word.endsWith(".") || i + 1 - first == MAX_SEGMENT_WORDS || i + 1 == words) {
                segments.add(new Segment(segments.size(), at(first, words, durationSeconds),
                        at(i + 1, words, durationSeconds), segment.toString()));
                segment.setLength(0);
                first = i + 1;
            }
        }
        return new Transcript(text.toString(), List.copyOf(segments));
    }

    /** The time word {@code index} starts, to the centisecond as Whisper reports it. */
    private static double at(int index, int words, double durationSeconds) {
        return Math.round(durationSeconds * index / words * 100) / 100.0;
    }
}
