package dev.relay.bench.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.simulator.engine.KvCache;
import dev.relay.simulator.engine.Tokenizer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatWorkloadTest {

    private final Tokenizer tokenizer = new Tokenizer();

    private ChatWorkload generate(double rate, long seed) {
        return ChatWorkload.generate(ChatWorkload.Shape.standard(), rate, 120, seed, tokenizer);
    }

    @Test
    void theSameSeedGivesTheSameRequests() {
        List<ChatWorkload.Request> first = generate(5, 7).requests();
        List<ChatWorkload.Request> second = generate(5, 7).requests();
        assertEquals(first.size(), second.size());
        for (int i = 0; i < first.size(); i++) {
            assertEquals(first.get(i).id(), second.get(i).id());
            assertEquals(first.get(i).arrivalNanos(), second.get(i).arrivalNanos());
            assertEquals(first.get(i).outputTokens(), second.get(i).outputTokens());
            assertArrayEquals(first.get(i).promptTokens(), second.get(i).promptTokens());
        }
    }

    @Test
    void anotherSeedGivesOtherArrivals() {
        long[] first = generate(5, 7).requests().stream().mapToLong(ChatWorkload.Request::arrivalNanos).toArray();
        long[] second = generate(5, 8).requests().stream().mapToLong(ChatWorkload.Request::arrivalNanos).toArray();
        assertNotEquals(Arrays.toString(first), Arrays.toString(second));
    }

    @Test
    void arrivalsAreOrderedInsideTheDurationAtAboutTheRequestedRate() {
        List<ChatWorkload.Request> requests = generate(10, 3).requests();
        for (int i = 1; i < requests.size(); i++) {
            assertTrue(requests.get(i - 1).arrivalNanos() <= requests.get(i).arrivalNanos());
        }
        assertTrue(requests.get(0).arrivalNanos() >= 0);
        assertTrue(requests.get(requests.size() - 1).arrivalNanos() < 120_000_000_000L);
        double rate = requests.size() / 120.0;
        assertTrue(rate > 8.5 && rate < 11.5, "rate " + rate);
    }

    @Test
    void aLaterTurnReplaysTheWholeEarlierPrompt() {
        ChatWorkload.Conversation conversation = generate(5, 11).requests().stream()
                .map(ChatWorkload.Request::conversation).filter(c -> c.turns() >= 3).findFirst().orElseThrow();
        int[] second = conversation.promptTokens(1);
        int[] third = conversation.promptTokens(2);
        assertTrue(third.length > second.length + conversation.answerTokens(1));
        assertArrayEquals(second, Arrays.copyOf(third, second.length));
        long[] secondHashes = conversation.prefixHashes(1);
        assertArrayEquals(secondHashes, Arrays.copyOf(conversation.prefixHashes(2), secondHashes.length));
    }

    @Test
    void promptTokensAreTheSimulatorsTokensOfTheRenderedPrompt() {
        ChatWorkload.Request request = generate(5, 13).requests().get(20);
        assertArrayEquals(tokenizer.encode(request.conversation().chatMl(request.turn())), request.promptTokens());
    }

    @Test
    void conversationsOfOneTenantShareTheSystemPromptButNotTheirQuestions() {
        List<ChatWorkload.Request> requests = generate(5, 17).requests();
        ChatWorkload.Request a = requests.get(0);
        ChatWorkload.Request b = requests.stream()
                .filter(r -> r.conversation() != a.conversation())
                .filter(r -> r.conversation().chatMl(0).startsWith(a.conversation().chatMl(0).substring(0, 200)))
                .findFirst().orElseThrow();
        KvCache cache = new KvCache(1024, 16);
        long[] engineA = cache.blockHashes(RoutingRun.MODEL, a.promptTokens());
        long[] engineB = cache.blockHashes(RoutingRun.MODEL, b.promptTokens());
        int sharedEngineBlocks = sharedLeadingBlocks(engineA, engineB);
        assertTrue(sharedEngineBlocks >= 300 / 16, "shared engine blocks " + sharedEngineBlocks);
        assertTrue(sharedEngineBlocks < Math.min(engineA.length, engineB.length));
        int sharedRouterBlocks = sharedLeadingBlocks(a.prefixHashes(), b.prefixHashes());
        assertTrue(sharedRouterBlocks >= 300 / 16, "shared router blocks " + sharedRouterBlocks);
        assertTrue(sharedRouterBlocks < Math.min(a.prefixHashes().length, b.prefixHashes().length));
    }

    private static int sharedLeadingBlocks(long[] a, long[] b) {
        int n = 0;
        while (n < Math.min(a.length, b.length) && a[n] == b[n]) {
            n++;
        }
        return n;
    }
}
