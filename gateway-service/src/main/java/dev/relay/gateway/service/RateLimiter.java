package dev.relay.gateway.service;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;

/**
 * Fixed one-minute windows in Redis, shared by every gateway replica, for the calls that hold no credit (and for
 * chat requests refused before {@link ChatGate} ran), with {@link ChatGate}'s script and no reservation. Counting
 * and expiry happen in one script, so a crash between INCR and PEXPIRE can never leave a counter that lives forever.
 */
@ApplicationScoped
public class RateLimiter {

    private final ReactiveRedisDataSource redis;
    private final RefusedWindows refused;
    private final Clock clock = Clock.systemUTC();

    public RateLimiter(ReactiveRedisDataSource redis, RefusedWindows refused) {
        this.redis = redis;
        this.refused = refused;
    }

    public Uni<RateDecision> admit(Caller caller) {
        RateWindow window = RateWindow.of(caller, clock.millis());
        return ChatGate.SCRIPT.run(redis, List.of(window.key()), Long.toString(window.ttlMs()), "0",
                        Integer.toString(window.limit()), "", "0")
                .map(result -> window.decision(result.get(2).toLong()))
                .invoke(decision -> refused.remember(caller, decision));
    }
}
