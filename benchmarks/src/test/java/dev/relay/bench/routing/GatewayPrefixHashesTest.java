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
        assertEquals(GatewayPrefixHashes.MAX_BLOCKS, GatewayPrefixHashes.of(user(words(5000, "w"))).length);
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
