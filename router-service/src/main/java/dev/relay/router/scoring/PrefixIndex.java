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
 * position i has seen the whole prompt up to the end of block i. Matching still requires every earlier block to be
 * held, because the LRU may have evicted some. This is an estimate of the worker's KV cache, not a copy of it.
 */
public final class PrefixIndex {

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

    /** Number of leading blocks each worker holds; workers holding none are absent. */
    public synchronized Map<String, Integer> matchedBlocks(long[] hashes) {
        Map<String, Integer> matched = new HashMap<>();
        for (int i = 0; i < hashes.length; i++) {
            Set<String> workers = holders.get(hashes[i]);
            if (workers == null) {
                break;
            }
            boolean advanced = false;
            for (String worker : workers) {
                if (matched.getOrDefault(worker, 0) == i) {
                    matched.put(worker, i + 1);
                    advanced = true;
                }
            }
            if (!advanced) {
                break;
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
