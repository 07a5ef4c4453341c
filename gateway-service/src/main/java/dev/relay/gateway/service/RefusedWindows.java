package dev.relay.gateway.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Callers already over their limit in the current window. A fixed window's count only grows, so until the window
 * ends such a caller is refused again here, without Redis and without asking the router: a client hammering past
 * its limit costs the fleet almost nothing. Each replica learns this on its own; entries die with their window.
 */
@ApplicationScoped
public class RefusedWindows {

    private static final int SWEEP_ABOVE = 10_000;

    private record Refusal(long windowEndMs, int limit) {
    }

    private final ConcurrentHashMap<String, Refusal> refused = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();

    /** The 429 decision for a caller refused earlier in this window, else null. */
    public RateDecision refusedNow(Caller caller) {
        Refusal refusal = refused.get(caller.rateSubject());
        if (refusal == null) {
            return null;
        }
        long now = clock.millis();
        if (now >= refusal.windowEndMs()) {
            refused.remove(caller.rateSubject(), refusal);
            return null;
        }
        return new RateDecision(refusal.limit(), refusal.limit() + 1L,
                Math.max(1, (refusal.windowEndMs() - now + 999) / 1000), refusal.windowEndMs());
    }

    void remember(Caller caller, RateDecision decision) {
        if (decision.allowed()) {
            return;
        }
        long now = clock.millis();
        if (refused.size() > SWEEP_ABOVE) {
            refused.values().removeIf(r -> r.windowEndMs() <= now);
        }
        refused.put(caller.rateSubject(), new Refusal(decision.windowEndMs(), decision.limit()));
    }
}
