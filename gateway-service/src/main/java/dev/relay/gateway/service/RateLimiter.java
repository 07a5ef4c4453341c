package dev.relay.gateway.service;

import dev.relay.contracts.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;

/**
 * Fixed one-minute windows in Redis, shared by every gateway replica. Counting and expiry happen in one script,
 * so a crash between INCR and PEXPIRE can never leave a counter that lives forever.
 */
@ApplicationScoped
public class RateLimiter {

    static final long WINDOW_MS = 60_000;
    private static final LuaScript SCRIPT = new LuaScript("""
            local count = redis.call('INCR', KEYS[1])
            if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            return count""");

    private final ReactiveRedisDataSource redis;
    private final Clock clock = Clock.systemUTC();

    public RateLimiter(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    public Uni<RateDecision> admit(String subject, int limit) {
        long now = clock.millis();
        long windowStart = now - now % WINDOW_MS;
        long resetSeconds = Math.max(1, (windowStart + WINDOW_MS - now + 999) / 1000);
        String key = RedisKeys.rateWindow(subject, windowStart / 1000);
        // A little longer than the window, so a slow clock on another replica still finds the counter.
        return SCRIPT.run(redis, List.of(key), Long.toString(WINDOW_MS + 5_000))
                .map(count -> new RateDecision(limit, count.toLong(), resetSeconds));
    }
}
