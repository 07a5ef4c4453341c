package dev.relay.bench.routing;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The prefix-block hashes the gateway sends the router ({@code gateway-service PromptShape}, with the gateway's
 * defaults {@code relay.gateway.prefix.block-tokens=16}, {@code max-blocks=64}): messages rendered as
 * {@code role\ncontent\n}, split on whitespace, every full block of 16 tokens hashed with 64-bit FNV-1a chained
 * from the previous block's hash. Re-implemented here because the benchmark cannot depend on the gateway
 * application; {@code GatewayPrefixHashesTest} pins the scheme, down to the hashes of one fixed prompt.
 */
public final class GatewayPrefixHashes {

    public static final int BLOCK_TOKENS = 16;
    public static final int MAX_BLOCKS = 64;
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private GatewayPrefixHashes() {
    }

    /** @param messages (role, content) pairs in prompt order */
    public static long[] of(List<String[]> messages) {
        StringBuilder rendered = new StringBuilder();
        for (String[] message : messages) {
            rendered.append(message[0]).append('\n').append(message[1]).append('\n');
        }
        String trimmed = rendered.toString().trim();
        String[] tokens = trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
        int blocks = Math.min(MAX_BLOCKS, tokens.length / BLOCK_TOKENS);
        long[] hashes = new long[blocks];
        long previous = FNV_OFFSET;
        for (int block = 0; block < blocks; block++) {
            long hash = previous;
            for (int i = block * BLOCK_TOKENS; i < (block + 1) * BLOCK_TOKENS; i++) {
                hash = fnv(hash, tokens[i]);
                hash = fnv(hash, " ");
            }
            hashes[block] = hash;
            previous = hash;
        }
        return hashes;
    }

    private static long fnv(long hash, String text) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= (b & 0xff);
            hash *= FNV_PRIME;
        }
        return hash;
    }
}
