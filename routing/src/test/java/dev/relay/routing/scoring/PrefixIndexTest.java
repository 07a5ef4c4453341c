package dev.relay.routing.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrefixIndexTest {

    @Test
    void matchesUpToTheDeepestBlockEachWorkerHolds() {
        PrefixIndex index = new PrefixIndex(100);
        index.record("w1", new long[] {1, 2, 3});
        index.record("w2", new long[] {1, 9});

        assertEquals(Map.of("w1", 3, "w2", 1), index.matchedBlocks(new long[] {1, 2, 3, 4}));
    }

    @Test
    void forgetsTheLeastRecentlyUsedBlocksBeyondItsBound() {
        PrefixIndex index = new PrefixIndex(2);
        index.record("w1", new long[] {1, 2, 3});

        assertEquals(2, index.size("w1"));
        assertEquals(Map.of(), index.matchedBlocks(new long[] {1}));
    }

    @Test
    void aBlockHeldByTooManyWorkersGivesNoAffinity() {
        PrefixIndex index = new PrefixIndex(10);
        for (int w = 0; w <= PrefixIndex.MAX_HOLDERS; w++) {
            index.record("w" + w, new long[] {1});
        }
        index.record("special", new long[] {1, 2});

        assertEquals(Map.of("special", 2), index.matchedBlocks(new long[] {1, 2}));
    }

    @Test
    void aForgottenWorkerMatchesNothing() {
        PrefixIndex index = new PrefixIndex(10);
        index.record("w1", new long[] {1, 2});
        index.forget("w1");

        assertEquals(Map.of(), index.matchedBlocks(new long[] {1, 2}));
        assertEquals(0, index.size("w1"));
    }
}
