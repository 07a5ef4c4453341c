package dev.relay.simulator.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A paged KV cache with automatic prefix caching, after vLLM: full prompt blocks are identified by a chained hash
 * (the hash of the previous block's hash and this block's tokens), so a block is reusable exactly when the whole
 * prefix up to it matches. Blocks nobody references stay cached until space is needed, then the least recently
 * released goes first. The trailing partial prompt block and the output blocks are private to their sequence.
 */
public final class KvCache {

    private final int totalBlocks;
    private final int blockTokens;
    /** Every hashed block with content, referenced or not. */
    private final Map<Long, Block> byHash = new HashMap<>();
    /** Hashed blocks with no reference, least recently released first. */
    private final LinkedHashMap<Long, Block> evictable = new LinkedHashMap<>();
    private int freeBlocks;
    private int blocksInUse;
    private long evictions;

    public KvCache(int totalBlocks, int blockTokens) {
        this.totalBlocks = totalBlocks;
        this.blockTokens = blockTokens;
        this.freeBlocks = totalBlocks;
    }

    /** The blocks a sequence holds while it runs. */
    public record Allocation(List<Block> shared, int privateBlocks, int cachedTokens) {
    }

    public static final class Block {
        final long hash;
        int refCount;

        Block(long hash) {
            this.hash = hash;
        }
    }

    public int blocksFor(int tokens) {
        return (tokens + blockTokens - 1) / blockTokens;
    }

    /** Chained hashes of the full blocks of a prompt, seeded by the model so models never share blocks. */
    public long[] blockHashes(String model, int[] tokens) {
        long[] hashes = new long[tokens.length / blockTokens];
        long previous = SplitMix.mix(model.hashCode() * 0x9E3779B97F4A7C15L);
        for (int b = 0; b < hashes.length; b++) {
            long h = previous;
            for (int i = b * blockTokens; i < (b + 1) * blockTokens; i++) {
                h = SplitMix.mix(h ^ (tokens[i] & 0xFFFFFFFFL) * 0xBF58476D1CE4E5B9L);
            }
            hashes[b] = h;
            previous = h;
        }
        return hashes;
    }

    /** Tokens of the longest cached prefix, without touching anything (a routing signal, and for tests). */
    public int cachedPrefixTokens(long[] hashes) {
        int matched = 0;
        while (matched < hashes.length && byHash.containsKey(hashes[matched])) {
            matched++;
        }
        return matched * blockTokens;
    }

    /**
     * Reserves the blocks for a prompt and its whole output, reusing cached prompt blocks; null when they do not
     * fit (nothing changes then).
     */
    public Allocation tryAllocate(long[] promptHashes, int totalTokens) {
        int needed = blocksFor(totalTokens);
        int privateBlocks = needed - promptHashes.length;
        int fromPool = privateBlocks;
        int pinnedIdle = 0;
        for (long hash : promptHashes) {
            Block cached = byHash.get(hash);
            if (cached == null) {
                fromPool++;
            } else if (cached.refCount == 0) {
                pinnedIdle++;
            }
        }
        if (fromPool > freeBlocks + evictable.size() - pinnedIdle) {
            return null;
        }
        int cachedTokens = cachedPrefixTokens(promptHashes);
        List<Block> shared = new ArrayList<>(promptHashes.length);
        for (long hash : promptHashes) {
            Block block = byHash.get(hash);
            if (block == null) {
                takeFromPool();
                block = new Block(hash);
                byHash.put(hash, block);
            } else if (block.refCount == 0) {
                evictable.remove(hash);
            }
            if (block.refCount++ == 0) {
                blocksInUse++;
            }
            shared.add(block);
        }
        for (int i = 0; i < privateBlocks; i++) {
            takeFromPool();
            blocksInUse++;
        }
        return new Allocation(shared, privateBlocks, cachedTokens);
    }

    /** Gives the blocks back; shared ones stay cached, the tail of a prompt becoming evictable first. */
    public void release(Allocation allocation) {
        List<Block> shared = allocation.shared();
        for (int i = shared.size() - 1; i >= 0; i--) {
            Block block = shared.get(i);
            if (--block.refCount == 0) {
                blocksInUse--;
                evictable.put(block.hash, block);
            }
        }
        freeBlocks += allocation.privateBlocks();
        blocksInUse -= allocation.privateBlocks();
    }

    private void takeFromPool() {
        if (freeBlocks > 0) {
            freeBlocks--;
            return;
        }
        Iterator<Block> oldest = evictable.values().iterator();
        Block victim = oldest.next();
        oldest.remove();
        byHash.remove(victim.hash);
        evictions++;
    }

    /** Share of blocks referenced by live sequences, 0..1; cached but idle blocks count as free, as in vLLM. */
    public double usage() {
        return (double) blocksInUse / totalBlocks;
    }

    public int totalBlocks() {
        return totalBlocks;
    }

    public int cachedBlocks() {
        return byHash.size();
    }

    public long evictions() {
        return evictions;
    }

}
