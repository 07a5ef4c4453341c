package dev.relay.simulator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The engine in virtual time: every duration below is simulated, so nothing depends on the machine's speed. */
class InferenceEngineTest {

    private static final String MODEL = "test/model";
    private final VirtualClock clock = new VirtualClock();
    private final Map<String, SequenceTiming> finished = new HashMap<>();
    private final List<EngineEvent> events = new ArrayList<>();

    private static EngineConfig config(int maxNumSeqs, int kvBlocks) {
        return new EngineConfig(maxNumSeqs, kvBlocks, 16, 4000, 10, 2, 1.0);
    }

    private static int[] prompt(String label, int tokens) {
        int[] ids = new int[tokens];
        for (int i = 0; i < tokens; i++) {
            ids[i] = (label + ":" + i).hashCode();
        }
        return ids;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private String submit(InferenceEngine engine, int[] prompt, int output) {
        String id = UUID.randomUUID().toString();
        engine.submit(new SequenceRequest(id, MODEL, prompt, output), clock.nanos());
        return id;
    }

    /** Jumps from event to event until nothing is left, as a discrete-event benchmark would. */
    private void runUntilIdle(InferenceEngine engine) {
        while (!engine.idle()) {
            clock.advanceTo(engine.nextEventTime());
            collect(engine.step(clock.nanos()));
        }
    }

    private void runUntil(InferenceEngine engine, long nanos) {
        while (engine.nextEventTime() <= nanos) {
            clock.advanceTo(engine.nextEventTime());
            collect(engine.step(clock.nanos()));
        }
        clock.advanceTo(nanos);
    }

    private void collect(List<EngineEvent> stepEvents) {
        events.addAll(stepEvents);
        stepEvents.stream().filter(e -> e.kind() == EngineEvent.Kind.FINISHED)
                .forEach(e -> finished.put(e.requestId(), e.timing()));
    }

    private long ttft(String id) {
        SequenceTiming timing = finished.get(id);
        return timing.firstTokenAt() - timing.submittedAt();
    }

    @Test
    void sharedPrefixIsServedFromCacheAndShortensTimeToFirstToken() {
        InferenceEngine engine = new InferenceEngine(config(8, 1024));
        int[] system = prompt("system", 4000);
        String cold = submit(engine, concat(system, prompt("first question", 20)), 4);
        runUntilIdle(engine);
        String warm = submit(engine, concat(system, prompt("second question", 20)), 4);
        runUntilIdle(engine);

        assertEquals(0, finished.get(cold).cachedPromptTokens());
        assertEquals(4000, finished.get(warm).cachedPromptTokens());
        assertTrue(ttft(warm) < ttft(cold) / 10, "warm " + ttft(warm) + " ns vs cold " + ttft(cold) + " ns");
        ModelCounters.Snapshot counters = engine.snapshot().models().get(MODEL);
        assertEquals(4000, counters.prefixHits());
        assertEquals(2 * 4020, counters.prefixQueries());
    }

    @Test
    void requestWaitsWhileTheKvCacheIsFullAndStartsWhenBlocksAreFreed() {
        InferenceEngine engine = new InferenceEngine(config(8, 10)); // 160 tokens of KV
        String first = submit(engine, prompt("a", 100), 40); // 9 blocks
        String second = submit(engine, prompt("b", 100), 40);
        collect(engine.step(clock.nanos()));

        assertEquals(1, engine.runningCount());
        assertEquals(1, engine.waitingCount());
        assertTrue(engine.kvCacheUsage() > 0.85);
        runUntilIdle(engine);
        assertEquals(finished.get(first).finishedAt(), finished.get(second).scheduledAt());
        assertEquals(0.0, engine.kvCacheUsage());
    }

    @Test
    void batchBeyondMaxNumSeqsQueues() {
        InferenceEngine engine = new InferenceEngine(config(2, 1024));
        for (int i = 0; i < 3; i++) {
            submit(engine, prompt("q" + i, 32), 10);
        }
        runUntil(engine, engine.nextEventTime()); // the others join the batch at the next step boundary

        assertEquals(2, engine.runningCount());
        assertEquals(1, engine.waitingCount());
        assertEquals(1, engine.snapshot().models().get(MODEL).waiting());
    }

    @Test
    void largerBatchLowersPerSequenceDecodeSpeed() {
        InferenceEngine alone = new InferenceEngine(config(64, 4096));
        String solo = submit(alone, prompt("solo", 32), 50);
        runUntilIdle(alone);
        InferenceEngine busy = new InferenceEngine(config(64, 4096));
        List<String> batch = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            batch.add(submit(busy, prompt("batch" + i, 32), 50));
        }
        runUntilIdle(busy);

        long soloDecode = finished.get(solo).decodeNanos();
        for (String id : batch) {
            assertTrue(finished.get(id).decodeNanos() > 3 * soloDecode,
                    "batched decode " + finished.get(id).decodeNanos() + " ns vs alone " + soloDecode + " ns");
        }
    }

    @Test
    void idleCachedBlocksAreEvictedLeastRecentlyReleasedFirst() {
        InferenceEngine engine = new InferenceEngine(config(8, 12));
        int[] old = prompt("old", 64); // 4 full blocks + 1 output block
        int[] recent = prompt("recent", 64);
        submit(engine, old, 1);
        runUntilIdle(engine);
        submit(engine, recent, 1);
        runUntilIdle(engine);
        assertEquals(64, engine.cachedPrefixTokens(MODEL, old));

        submit(engine, prompt("filler", 64), 1); // needs 5 of the 2 free + 8 idle blocks: evicts 3 of old's
        runUntilIdle(engine);

        assertTrue(engine.evictions() > 0);
        assertTrue(engine.cachedPrefixTokens(MODEL, old) < 64, "the older prefix lost blocks");
        assertEquals(64, engine.cachedPrefixTokens(MODEL, recent), "the more recent prefix is intact");
    }

    @Test
    void cancellingARunningSequenceFreesItsSlotForTheQueue() {
        InferenceEngine engine = new InferenceEngine(config(1, 1024));
        String first = submit(engine, prompt("long", 32), 1000);
        String second = submit(engine, prompt("next", 32), 5);
        runUntil(engine, 50_000_000);
        assertEquals(1, engine.waitingCount());

        assertTrue(engine.cancel(first, clock.nanos()));
        runUntilIdle(engine);

        assertFalse(finished.containsKey(first));
        assertEquals(5, finished.get(second).outputTokens());
        assertEquals(0.0, engine.kvCacheUsage());
    }

    @Test
    void everyTokenIsReportedOnceInOrder() {
        InferenceEngine engine = new InferenceEngine(config(4, 1024));
        String id = submit(engine, prompt("count", 40), 7);
        runUntilIdle(engine);

        List<EngineEvent> mine = events.stream().filter(e -> e.requestId().equals(id) && e.carriesToken()).toList();
        assertEquals(7, mine.size());
        assertEquals(EngineEvent.Kind.FIRST_TOKEN, mine.get(0).kind());
        for (int i = 0; i < mine.size(); i++) {
            assertEquals(i, mine.get(i).tokenIndex());
        }
        assertEquals(7, engine.snapshot().models().get(MODEL).generationTokens());
        assertEquals(1, engine.snapshot().models().get(MODEL).ttftCount());
    }

    @Test
    void sequenceLargerThanTheWholeCacheIsRejected() {
        InferenceEngine engine = new InferenceEngine(config(4, 4));
        assertThrows(IllegalArgumentException.class, () -> submit(engine, prompt("huge", 100), 10));
    }
}
