package dev.relay.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PromptShapeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode user(String text) throws Exception {
        return JSON.readTree("[{\"role\":\"user\",\"content\":" + JSON.writeValueAsString(text) + "}]");
    }

    static String words(int from, int count) {
        return IntStream.range(from, from + count).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
    }

    @Test
    void everyFullBlockOfSixteenTokensGetsAHash() throws Exception {
        // "user" + 40 words = 41 tokens: two full blocks.
        assertEquals(2, PromptShape.of(user(words(0, 40)), null, 16, 64).prefixHashes().size());
    }

    /**
     * The values themselves, which the benchmarks' copy of the scheme pins too (GatewayPrefixHashesTest): the router's
     * prefix affinity is measured with hashes the gateway really sends. "user" and "w0 w1 ... w30": two blocks.
     */
    @Test
    void aKnownPromptHashesToTheValuesTheBenchmarksPin() throws Exception {
        assertEquals(List.of(0xdeac3b587d46cd35L, 0x3091888e4ff76703L),
                PromptShape.of(user(words(0, 31)), null, 16, 64).prefixHashes());
    }

    @Test
    void promptsSharingTheirFirstBlockShareItsHashOnly() throws Exception {
        var a = PromptShape.of(user(words(0, 15) + " same " + words(100, 20)), null, 16, 64).prefixHashes();
        var b = PromptShape.of(user(words(0, 15) + " same " + words(200, 20)), null, 16, 64).prefixHashes();
        assertEquals(a.get(0), b.get(0));
        assertNotEquals(a.get(1), b.get(1));
    }

    @Test
    void hashesAreChainedSoALaterBlockDependsOnEarlierOnes() throws Exception {
        String tail = words(500, 16);
        var a = PromptShape.of(user(words(0, 15) + " " + tail), null, 16, 64).prefixHashes();
        var b = PromptShape.of(user(words(50, 15) + " " + tail), null, 16, 64).prefixHashes();
        assertNotEquals(a.get(1), b.get(1));
    }

    @Test
    void blocksAreCappedAtTheMaximum() throws Exception {
        assertEquals(64, PromptShape.of(user(words(0, 2000)), null, 16, 64).prefixHashes().size());
    }

    @Test
    void aBoundOfMoreTokensThanAnIntHoldsIsHeldAtTheLargestNotWrappedNegative() throws Exception {
        String images = ",{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AA==\"}}".repeat(140_000);
        JsonNode messages = JSON.readTree("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"x\"}"
                + images + "]}]");
        assertEquals(Integer.MAX_VALUE, PromptShape.of(messages, null, 16, 64).tokenBound());
    }

    @Test
    void tokenBoundCoversBytesTemplateAndTools() throws Exception {
        JsonNode tools = JSON.readTree("[{\"type\":\"function\"}]");
        PromptShape shape = PromptShape.of(user("héllo"), tools, 16, 64);
        // "user\nhéllo\n" is 12 UTF-8 bytes; 24 per message, 24 for the reply header, 21 bytes of tools.
        assertEquals(12 + 24 + 24 + 21, shape.tokenBound());
        assertEquals(2, shape.tokenEstimate());
        assertTrue(shape.tokenBound() > shape.tokenEstimate());
    }

    @Test
    void eachImageAddsWhatTheLargestVisionModelsMakeOfOneToTheBound() throws Exception {
        JsonNode text = JSON.readTree("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"what?\"}]}]");
        JsonNode withImages = JSON.readTree("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"what?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AA==\"}},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/b.png\"}}]}]");

        assertEquals(PromptShape.of(text, null, 16, 64).tokenBound() + 2 * PromptShape.IMAGE_TOKENS,
                PromptShape.of(withImages, null, 16, 64).tokenBound());
    }

    @Test
    void aPromptWithoutSpacesIsGuessedByItsLengthNotAsOneWord() throws Exception {
        PromptShape shape = PromptShape.of(user("x,".repeat(8000)), null, 16, 64);
        // "user\n" + 16,000 characters + "\n" is 16,006 characters: 4,002 tokens at four a token, 4 of template.
        assertEquals(2, shape.tokenEstimate());
        assertEquals(4002 + 4, shape.tokenGuess());
    }

    @Test
    void theGuessCountsEarlierToolCallsAndImagesNotOnlyText() throws Exception {
        JsonNode text = JSON.readTree("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"what?\"}]}]");
        JsonNode withImage = JSON.readTree("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"what?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AA==\"}}]}]");
        assertEquals(PromptShape.of(text, null, 16, 64).tokenGuess() + PromptShape.GUESSED_IMAGE_TOKENS,
                PromptShape.of(withImage, null, 16, 64).tokenGuess());

        String arguments = "{\\\"path\\\":\\\"" + "x".repeat(4000) + "\\\"}";
        JsonNode call = JSON.readTree("[{\"role\":\"user\",\"content\":\"write it\"},{\"role\":\"assistant\","
                + "\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{"
                + "\"name\":\"write\",\"arguments\":\"" + arguments + "\"}}]}]");
        // The name and the 4,011 characters of arguments, at four a token, with the two messages' text and template:
        // "user\nwrite it\nassistant\n\n" is 25 characters.
        assertEquals((25 + 5 + 4011 + 3) / 4 + 2 * 4, PromptShape.of(call, null, 16, 64).tokenGuess());
    }

    @Test
    void theGuessIsNeverBelowTheWhitespaceCountNorAboveTheBound() throws Exception {
        // 41 words in 85 characters: the 41 words win over 22 + 4.
        PromptShape words = PromptShape.of(user("a ".repeat(40).trim()), null, 16, 64);
        assertEquals(41, words.tokenEstimate());
        assertEquals(41, words.tokenGuess());
        PromptShape empty = PromptShape.of(JSON.createArrayNode(), null, 16, 64);
        assertTrue(empty.tokenGuess() <= empty.tokenBound());
    }
}
