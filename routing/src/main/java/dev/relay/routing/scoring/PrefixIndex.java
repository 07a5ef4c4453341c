package dev.relay.routing.scoring;

import java.util.HashMap;
import java.util.Map;

/**
 * Which worker was recently sent which prompt-prefix blocks: per worker a ring of the last
 * {@code blocksPerWorker} block hashes it was sent (oldest evicted first), plus the inverse index (hash to the
 * workers holding it) so a pick costs O(blocks) map lookups instead of O(workers × blocks).
 *
 * <p>The hashes are chained (each covers its block and every block before it), so a worker holding the hash at
 * position i has seen the whole prompt up to the end of block i. This estimates the worker's KV cache (what this
 * router sent it recently); it is not a copy of it. Arrays instead of collections keep a record of 64 new blocks
 * cheap: a pick pays for it on the request path.
 */
public final class PrefixIndex {

    /** Blocks held by more workers than this give no affinity (see {@link #matchedBlocks}). */
    public static final int MAX_HOLDERS = 64;

    private final int blocksPerWorker;
    private final Map<String, Ring> byWorker = new HashMap<>();
    private final LongObjectMap<Holders> holders = new LongObjectMap<>(1024);

    public PrefixIndex(int blocksPerWorker) {
        if (blocksPerWorker < 1) {
            throw new IllegalArgumentException("blocksPerWorker must be at least 1");
        }
        this.blocksPerWorker = blocksPerWorker;
    }

    /**
     * Remembers that {@code workerId} is about to hold the KV cache of these blocks. The lock is taken per block,
     * not per call, so a pick matching meanwhile never waits for more than one block's update.
     */
    public void record(String workerId, long[] hashes) {
        for (long hash : hashes) {
            recordBlock(workerId, hash);
        }
    }

    private synchronized void recordBlock(String workerId, long hash) {
        Ring ring = byWorker.get(workerId);
        if (ring == null) {
            ring = new Ring(blocksPerWorker);
            byWorker.put(workerId, ring);
        }
        Holders h = holders.get(hash);
        if (h == null) {
            h = new Holders();
            holders.put(hash, h);
        } else if (h.saturated || h.contains(workerId)) {
            return; // already held, or too common to matter (and to track)
        }
        h.add(workerId);
        if (ring.size == ring.hashes.length) {
            release(ring.hashes[ring.head], workerId);
        } else {
            ring.size++;
        }
        ring.hashes[ring.head] = hash;
        ring.head = (ring.head + 1) % ring.hashes.length;
    }

    /**
     * For each worker holding part of this prompt, the number of blocks up to the deepest one it holds. Walks from
     * the deepest block up and stops at a block held by more than {@link #MAX_HOLDERS} workers: a prefix that
     * common (a shared system prompt) is cached nearly everywhere, so it no longer tells workers apart, and
     * counting it would cost O(workers) per pick. Workers holding nothing are absent.
     */
    public synchronized Map<String, Integer> matchedBlocks(long[] hashes) {
        Map<String, Integer> matched = new HashMap<>();
        for (int i = hashes.length - 1; i >= 0; i--) {
            Holders h = holders.get(hashes[i]);
            if (h == null) {
                continue;
            }
            if (h.saturated) {
                break;
            }
            // Blocks are recorded together and evicted oldest first, so holders of a deeper block normally hold
            // the shallower ones too: a level with no more holders than already matched adds nobody new.
            if (h.count > matched.size()) {
                for (int k = 0; k < h.count; k++) {
                    matched.putIfAbsent(h.ids[k], i + 1);
                }
            }
        }
        return matched;
    }

    /** Number of block hashes remembered for a worker. */
    public synchronized int size(String workerId) {
        Ring ring = byWorker.get(workerId);
        return ring == null ? 0 : ring.size;
    }

    /** Drops everything known about a worker (it left, or its cache can no longer be trusted). */
    public synchronized void forget(String workerId) {
        Ring ring = byWorker.remove(workerId);
        if (ring != null) {
            for (int i = 0; i < ring.size; i++) {
                release(ring.hashes[i], workerId);
            }
        }
    }

    private void release(long hash, String workerId) {
        Holders h = holders.get(hash);
        if (h != null && h.remove(workerId) && h.count == 0) {
            holders.remove(hash);
        }
    }

    /** The last hashes sent to one worker; when full, {@code head} is the oldest. */
    private static final class Ring {
        final long[] hashes;
        int head;
        int size;

        Ring(int capacity) {
            hashes = new long[capacity];
        }
    }

    /**
     * The workers holding one block: a small array. Past {@link #MAX_HOLDERS} the block is marked saturated and
     * no more holders are tracked; it stays so until every tracked holder evicted it.
     */
    private static final class Holders {
        String[] ids = new String[2];
        int count;
        boolean saturated;

        boolean contains(String id) {
            for (int i = 0; i < count; i++) {
                if (ids[i].equals(id)) {
                    return true;
                }
            }
            return false;
        }

        void add(String id) {
            if (count == ids.length) {
                ids = java.util.Arrays.copyOf(ids, count * 2);
            }
            ids[count++] = id;
            saturated |= count > MAX_HOLDERS;
        }

        boolean remove(String id) {
            for (int i = 0; i < count; i++) {
                if (ids[i].equals(id)) {
                    ids[i] = ids[--count];
                    ids[count] = null;
                    return true;
                }
            }
            return false;
        }
    }
}
