package dev.relay.simulator.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TokenizerTest {

    private final Tokenizer tokenizer = new Tokenizer();

    @Test
    void wordsWithTheirLeadingSpaceAndPunctuationAreTokens() {
        assertEquals(4, tokenizer.count("Hello there, you"));
    }

    @Test
    void longWordsSplitEverySixCharacters() {
        assertEquals(3, tokenizer.count("internationalization".substring(0, 13)));
    }

    @Test
    void equalTextGivesEqualIdsSoSharedPrefixesShareTokens() {
        int[] a = tokenizer.encode("You are a helpful assistant. First question");
        int[] b = tokenizer.encode("You are a helpful assistant. Second question");
        int shared = tokenizer.count("You are a helpful assistant.");

        assertArrayEquals(Arrays.copyOf(a, shared), Arrays.copyOf(b, shared));
        assertTrue(a[shared] != b[shared]);
    }

    @Test
    void englishIsRoughlyFourCharactersPerToken() {
        String text = "The quick brown fox jumps over the lazy dog while the worker batches every request it can. ";
        double perToken = (double) text.length() / tokenizer.count(text);
        assertTrue(perToken > 3 && perToken < 6, perToken + " characters per token");
    }
}
