package dev.relay.simulator.engine;

import java.util.Arrays;

/**
 * A deterministic stand-in for a BPE tokenizer, close to the usual ~4 characters per token of English: a word with
 * its leading space is one token per 6 characters, every punctuation mark and every other whitespace character is
 * one token. Token ids are stable hashes of the pieces, so equal text gives equal ids (what prefix caching needs).
 */
public final class Tokenizer {

    private static final int MAX_PIECE = 6;

    public int[] encode(String text) {
        int[] ids = new int[Math.max(8, text.length() / 3)];
        int count = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            int start = i;
            char c = text.charAt(i);
            if (c == ' ' && i + 1 < n && Character.isLetterOrDigit(text.charAt(i + 1))) {
                i++; // a single space belongs to the word after it
            }
            if (Character.isLetterOrDigit(text.charAt(i))) {
                while (i < n && i - start < MAX_PIECE && Character.isLetterOrDigit(text.charAt(i))) {
                    i++;
                }
            } else {
                i++;
            }
            if (count == ids.length) {
                ids = Arrays.copyOf(ids, ids.length * 2);
            }
            ids[count++] = pieceId(text, start, i);
        }
        return Arrays.copyOf(ids, count);
    }

    public int count(String text) {
        return encode(text).length;
    }

    private static int pieceId(String text, int from, int to) {
        int h = 0x811C9DC5;
        for (int i = from; i < to; i++) {
            h = (h ^ text.charAt(i)) * 0x01000193;
        }
        return h;
    }
}
