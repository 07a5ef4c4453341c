package dev.relay.simulator.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A discrete-event model of a vLLM engine: a FIFO waiting queue, continuous batching of up to
 * {@code maxNumSeqs} running sequences, and a prefix-caching KV cache. It advances in steps: each step admits the
 * waiting sequences that fit (in order, stopping at the first that does not, as vLLM does), computes their uncached
 * prompt tokens, and produces one token for every sequence in the batch. A step lasts
 * {@code prefill(uncached tokens) + baseStep + perSeqStep * decoding batch}, so a big prefill stalls the batch and a
 * big batch slows every sequence.
 *
 * <p>Not thread-safe and clock-free: every call says what time it is. Call {@link #step(long)} up to the current
 * time before {@link #submit} or {@link #cancel}; {@link #nextEventTime()} says when something next happens, so a
 * discrete-event loop can drive many engines in virtual time and a timer can drive one in real time.
 */
public final class InferenceEngine {

    private static final long IDLE = Long.MAX_VALUE;

    private final EngineConfig config;
    private final KvCache cache;
    private final ArrayDeque<Sequence> waiting = new ArrayDeque<>();
    /** Running sequences in admission order. */
    private final LinkedHashMap<String, Sequence> running = new LinkedHashMap<>();
    private final Map<String, Sequence> waitingById = new HashMap<>();
    private final Map<String, ModelCounters> counters = new TreeMap<>();
    private final List<Sequence> admittedThisStep = new ArrayList<>();
    private long stepEndsAt = IDLE;

    public InferenceEngine(EngineConfig config) {
        this.config = config;
        this.cache = new KvCache(config.kvBlocks(), config.blockTokens());
    }

    private static final class Sequence {
        final SequenceRequest request;
        final long[] hashes;
        final long submittedAt;
        long scheduledAt;
        long firstTokenAt;
        int generated;
        KvCache.Allocation allocation;

        Sequence(SequenceRequest request, long[] hashes, long submittedAt) {
            this.request = request;
            this.hashes = hashes;
            this.submittedAt = submittedAt;
        }

        int totalTokens() {
            return request.promptTokens().length + request.outputTokens();
        }
    }

    /** Makes sure a model appears in the metrics before its first request, as vLLM's labelled series do. */
    public void register(String model) {
        counters.computeIfAbsent(model, m -> new ModelCounters());
    }

    /**
     * Queues a sequence at {@code now}.
     *
     * @throws IllegalArgumentException if it could never fit in the KV cache, or its id is in use
     * @throws IllegalStateException if the engine was not stepped up to {@code now} first
     */
    public void submit(SequenceRequest request, long now) {
        if (stepEndsAt != IDLE && now > stepEndsAt) {
            throw new IllegalStateException("step the engine to " + now + " before submitting");
        }
        if (running.containsKey(request.id()) || waitingById.containsKey(request.id())) {
            throw new IllegalArgumentException("sequence " + request.id() + " is already live");
        }
        int tokens = request.promptTokens().length + request.outputTokens();
        if (cache.blocksFor(tokens) > cache.totalBlocks()) {
            throw new IllegalArgumentException("a sequence of " + tokens + " tokens needs more than the "
                    + cache.totalBlocks() + " KV blocks of this worker");
        }
        register(request.model());
        Sequence sequence = new Sequence(request, cache.blockHashes(request.model(), request.promptTokens()), now);
        waiting.addLast(sequence);
        waitingById.put(request.id(), sequence);
        if (stepEndsAt == IDLE) {
            startStep(now);
        }
    }

    /** Drops a sequence wherever it is and frees its batch slot and blocks; false if it is not live. */
    public boolean cancel(String requestId, long now) {
        Sequence queued = waitingById.remove(requestId);
        if (queued != null) {
            waiting.remove(queued);
            return true;
        }
        Sequence active = running.remove(requestId);
        if (active == null) {
            return false;
        }
        cache.release(active.allocation);
        admittedThisStep.remove(active);
        return true;
    }

    /** Completes every step that ends at or before {@code now}, returning what happened in time order. */
    public List<EngineEvent> step(long now) {
        List<EngineEvent> events = new ArrayList<>();
        while (stepEndsAt != IDLE && stepEndsAt <= now) {
            long end = stepEndsAt;
            completeStep(end, events);
            startStep(end);
        }
        return events;
    }

    /** When the current step ends, or {@link Long#MAX_VALUE} when the engine is idle. */
    public long nextEventTime() {
        return stepEndsAt;
    }

    public boolean idle() {
        return stepEndsAt == IDLE;
    }

    private void startStep(long now) {
        admittedThisStep.clear();
        int prefillTokens = 0;
        while (!waiting.isEmpty() && running.size() < config.maxNumSeqs()) {
            Sequence next = waiting.peekFirst();
            KvCache.Allocation allocation = cache.tryAllocate(next.hashes, next.totalTokens());
            if (allocation == null) {
                break; // FIFO: a big request at the head is not overtaken, as in vLLM's scheduler
            }
            waiting.pollFirst();
            waitingById.remove(next.request.id());
            next.allocation = allocation;
            next.scheduledAt = now;
            running.put(next.request.id(), next);
            admittedThisStep.add(next);
            int promptTokens = next.request.promptTokens().length;
            prefillTokens += Math.max(1, promptTokens - allocation.cachedTokens());
            ModelCounters model = counters.get(next.request.model());
            model.prefixQueries += promptTokens;
            model.prefixHits += Math.min(promptTokens, allocation.cachedTokens());
        }
        if (running.isEmpty()) {
            stepEndsAt = IDLE;
            return;
        }
        int decoding = running.size() - admittedThisStep.size();
        stepEndsAt = now + config.prefillNanos(prefillTokens) + config.decodeStepNanos(decoding);
    }

    private void completeStep(long end, List<EngineEvent> events) {
        Iterator<Sequence> it = running.values().iterator();
        while (it.hasNext()) {
            Sequence sequence = it.next();
            ModelCounters model = counters.get(sequence.request.model());
            int index = sequence.generated++;
            if (index == 0) {
                sequence.firstTokenAt = end;
                model.promptTokens += sequence.request.promptTokens().length;
                model.observeTtft((end - sequence.submittedAt) / 1e9);
                events.add(new EngineEvent(sequence.request.id(), EngineEvent.Kind.FIRST_TOKEN, 0, end, null));
            } else {
                events.add(new EngineEvent(sequence.request.id(), EngineEvent.Kind.TOKEN, index, end, null));
            }
            model.generationTokens++;
            if (sequence.generated == sequence.request.outputTokens()) {
                it.remove();
                cache.release(sequence.allocation);
                model.finishedRequests++;
                events.add(new EngineEvent(sequence.request.id(), EngineEvent.Kind.FINISHED, index, end,
                        timing(sequence, end)));
            }
        }
    }

    private static SequenceTiming timing(Sequence sequence, long end) {
        return new SequenceTiming(sequence.submittedAt, sequence.scheduledAt, sequence.firstTokenAt, end,
                sequence.request.promptTokens().length, sequence.allocation.cachedTokens(), sequence.generated);
    }

    /** Cached prefix tokens a prompt would reuse if submitted now (what a cache-aware router would like to know). */
    public int cachedPrefixTokens(String model, int[] promptTokens) {
        return cache.cachedPrefixTokens(cache.blockHashes(model, promptTokens));
    }

    public int runningCount() {
        return running.size();
    }

    public int waitingCount() {
        return waiting.size();
    }

    public double kvCacheUsage() {
        return cache.usage();
    }

    public long evictions() {
        return cache.evictions();
    }

    public EngineConfig config() {
        return config;
    }

    public EngineSnapshot snapshot() {
        Map<String, Integer> runningByModel = new HashMap<>();
        Map<String, Integer> waitingByModel = new HashMap<>();
        running.values().forEach(s -> runningByModel.merge(s.request.model(), 1, Integer::sum));
        waiting.forEach(s -> waitingByModel.merge(s.request.model(), 1, Integer::sum));
        Map<String, ModelCounters.Snapshot> models = new LinkedHashMap<>();
        counters.forEach((name, c) -> models.put(name,
                c.snapshot(runningByModel.getOrDefault(name, 0), waitingByModel.getOrDefault(name, 0))));
        return new EngineSnapshot(models, cache.usage(), running.size(), waiting.size());
    }
}
