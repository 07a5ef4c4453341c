package dev.relay.gateway.client;

import java.time.Duration;

/**
 * A peer too busy to answer now that says when to ask again: a 503 with {@code Retry-After} (task-service sending as
 * many media as it sends at once). Not the peer failing: it does not count against its circuit breaker.
 */
public class PeerBusy extends PeerException {

    private final Duration retryAfter;

    PeerBusy(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /**
     * The refusal a 503 is when it came with {@code retryAfter} (its {@code Retry-After}, in seconds); null without
     * one, or with one that is not a number of seconds (an HTTP date), which says too little to wait for.
     */
    static PeerBusy of(String what, String retryAfter) {
        if (retryAfter == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(retryAfter.trim());
            return seconds < 0 ? null : new PeerBusy(what + " is busy, retry after " + seconds + " s",
                    Duration.ofSeconds(seconds));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
