package dev.relay.gateway.service;

/** One admission in a fixed one-minute window: what the rate-limit headers report. */
public record RateDecision(int limit, long count, long resetSeconds) {

    public boolean allowed() {
        return count <= limit;
    }

    public long remaining() {
        return Math.max(0, limit - count);
    }
}
