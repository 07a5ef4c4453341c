package dev.relay.router.scoring;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which worker recently served which prompt-prefix blocks: a bounded LRU of block hashes per worker, plus the
 * inverse (hash to workers) so a pick costs O(blocks × holders) instead of O(workers × blocks).
 *
 * <p>The hashes are chained (each covers its block and every block before it), so a worker holding the hash at
 * position i has seen the whole prompt up to the end of block i. This is an estimate of the worker's KV cache (what
 * this router sent it recently), not a copy of it.
 */
public final class PrefixIndex {

    /** Blocks held by more workers than this give no affinity (see {@link #matchedBlocks}). */
    public static final int MAX_HOLDERS = 64;

    private final int blocksPerWorker;
    private final Map<String, LinkedHashMap<Long, Boolean>> byWorker = new HashMap<>();
    private final Map<Long, Set<String>> holders = new HashMap<>();

    public PrefixIndex(int blocksPerWorker) {
        if (blocksPerWorker < 1) {
            throw new IllegalArgumentException("blocksPerWorker must be at least 1");
        }
        this.blocksPerWorker = blocksPerWorker;
    }

    /** Remembers that {@code workerId} is about to hold the KV cache of these blocks. */
    public synchronized void record(String workerId, long[] hashes) {
        if (hashes.length == 0) {
            return;
        }
        LinkedHashMap<Long, Boolean> lru = byWorker.computeIfAbsent(workerId, id -> new LinkedHashMap<>(16, 0.75f, true));
        for (long hash : hashes) {
            if (lru.put(hash, Boolean.TRUE) == null) {
                holders.computeIfAbsent(hash, h -> new HashSet<>(4)).add(workerId);
            }
        }
        Iterator<Long> oldest = lru.keySet().iterator();
        while (lru.size() > blocksPerWorker) {
            Long evicted = oldest.next();
            oldest.remove();
            release(evicted, workerId);
        }
    }

    /**
     * For each worker holding part of this prompt, the number of blocks up to the deepest one it holds (the
     * hashes are chained, so holding block i means having seen blocks 0..i). Walks from the deepest block up and
     * stops at a block held by more than {@link #MAX_HOLDERS} workers: a prefix that common (a shared system
     * prompt) is cached nearly everywhere, so it no longer tells workers apart, and counting it would cost
     * O(workers) per pick. Workers holding nothing are absent.
     */
    public synchronized Map<String, Integer> matchedBlocks(long[] hashes) {
        Map<String, Integer> matched = new HashMap<>();
        for (int i = hashes.length - 1; i >= 0; i--) {
            Set<String> workers = holders.get(hashes[i]);
            if (workers == null) {
                continue;
            }
            if (workers.size() > MAX_HOLDERS) {
                break;
            }
            // Blocks are recorded together and evicted oldest first, so holders of a deeper block normally hold
            // the shallower ones too: a level with no more holders than already matched adds nobody new.
            if (workers.size() > matched.size()) {
                for (String worker : workers) {
                    matched.putIfAbsent(worker, i + 1);
                }
            }
        }
        return matched;
    }

    /** Number of block hashes remembered for a worker. */
    public synchronized int size(String workerId) {
        LinkedHashMap<Long, Boolean> lru = byWorker.get(workerId);
        return lru == null ? 0 : lru.size();
    }

    /** Drops everything known about a worker (it left, or its cache can no longer be trusted). */
    public synchronized void forget(String workerId) {
        LinkedHashMap<Long, Boolean> lru = byWorker.remove(workerId);
        if (lru != null) {
            for (Long hash : lru.keySet()) {
                release(hash, workerId);
            }
        }
    }

    private void release(Long hash, String workerId) {
        Set<String> workers = holders.get(hash);
        if (workers != null && workers.remove(workerId) && workers.isEmpty()) {
            holders.remove(hash);
        }
    }
}
