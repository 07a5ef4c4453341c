package dev.relay.gateway.service;

import dev.relay.contracts.RedisKeys;

/**
 * The fixed one-minute window a caller's request counts in, and the Redis key of its counter. A keyed caller's
 * counter lives under its account's hash tag, so the chat path can count and reserve in one script.
 *
 * @param ttlMs a little longer than the window, so a replica with a slow clock still finds the counter
 */
record RateWindow(String key, long ttlMs, long resetSeconds, long endMs, int limit) {

    static final long LENGTH_MS = 60_000;

    /** The caller's own window: its key's {@code rpm_limit}, or a guest address's limit. */
    static RateWindow of(Caller caller, long nowMs) {
        long startSecond = start(nowMs) / 1000;
        String key = caller.isGuest() ? RedisKeys.rateWindow(caller.rateSubject(), startSecond)
                : RedisKeys.accountRateWindow(caller.accountId(), caller.rateSubject(), startSecond);
        return at(key, caller.rpmLimit(), nowMs);
    }

    /** A window every key of an account counts in: its tier's overall limit, or one mode's ({@code scope}). */
    static RateWindow shared(String accountId, String scope, int limit, long nowMs) {
        return at(RedisKeys.accountRateWindow(accountId, scope, start(nowMs) / 1000), limit, nowMs);
    }

    private static RateWindow at(String key, int limit, long nowMs) {
        long start = start(nowMs);
        long resetSeconds = Math.max(1, (start + LENGTH_MS - nowMs + 999) / 1000);
        return new RateWindow(key, LENGTH_MS + 5_000, resetSeconds, start + LENGTH_MS, limit);
    }

    private static long start(long nowMs) {
        return nowMs - nowMs % LENGTH_MS;
    }

    RateDecision decision(long count) {
        return new RateDecision(limit, count, resetSeconds, endMs);
    }
}
