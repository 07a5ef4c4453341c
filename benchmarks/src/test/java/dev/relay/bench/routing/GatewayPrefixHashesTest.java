package dev.relay.bench.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayPrefixHashesTest {

    private static List<String[]> user(String content) {
        List<String[]> messages = new ArrayList<>();
        messages.add(new String[] {"user", content});
        return messages;
    }

    private static String words(int count, String word) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append(word).append(i).append(' ');
        }
        return out.toString().trim();
    }

    @Test
    void onlyFullBlocksOfSixteenWhitespaceTokensAreHashed() {
        // "user" plus 46 words: 47 tokens, two full blocks.
        assertEquals(2, GatewayPrefixHashes.of(user(words(46, "w"))).length);
        assertEquals(3, GatewayPrefixHashes.of(user(words(47, "w"))).length);
    }

    @Test
    void atMostSixtyFourBlocksAreSentAsTheGatewayDoes() {
        assertEquals(64, GatewayPrefixHashes.of(user(words(5000, "w"))).length);
    }

    /**
     * The values themselves, so that no change of the scheme goes unnoticed. The gateway's PromptShape (block-tokens
     * 16) must give the same two hashes for this prompt, one user message "w0 w1 ... w30" (32 tokens with the role,
     * two blocks): -2401479250050364107 and 3499728530251933443 in decimal.
     */
    @Test
    void aKnownPromptHashesToTheValuesTheGatewaySends() {
        assertArrayEquals(new long[] {0xdeac3b587d46cd35L, 0x3091888e4ff76703L},
                GatewayPrefixHashes.of(user(words(31, "w"))));
    }

    @Test
    void aChangeInOneBlockChangesItAndEveryLaterBlockButNoEarlierOne() {
        String base = words(64, "w");
        long[] original = GatewayPrefixHashes.of(user(base));
        long[] changed = GatewayPrefixHashes.of(user(base.replace("w20 ", "x20 ")));
        // token 21 (after "user") lies in block 1.
        assertEquals(original[0], changed[0]);
        assertNotEquals(original[1], changed[1]);
        assertNotEquals(original[2], changed[2]);
    }

    @Test
    void whitespaceRunsAndLineBreaksSplitAlike() {
        String base = words(40, "w");
        assertArrayEquals(GatewayPrefixHashes.of(user(base)),
                GatewayPrefixHashes.of(user(base.replace(" ", "  \n"))));
    }
}
