package dev.relay.gateway.service;

/**
 * One admission in a fixed one-minute window: what the rate-limit headers report.
 *
 * @param windowEndMs when the window the request was counted in ends (epoch milliseconds)
 */
public record RateDecision(int limit, long count, long resetSeconds, long windowEndMs) {

    public boolean allowed() {
        return count <= limit;
    }

    public long remaining() {
        return Math.max(0, limit - count);
    }
}
