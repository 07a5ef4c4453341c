package dev.relay.routing.scoring;

/**
 * The part of a request a strategy looks at.
 *
 * @param prefixHashes chained hashes of fixed-size prompt blocks, in prompt order (may be empty)
 */
public record PickRequest(long[] prefixHashes) {

    private static final long[] NONE = new long[0];

    public PickRequest {
        prefixHashes = prefixHashes == null ? NONE : prefixHashes;
    }

    public static PickRequest withoutPrefix() {
        return new PickRequest(NONE);
    }
}
