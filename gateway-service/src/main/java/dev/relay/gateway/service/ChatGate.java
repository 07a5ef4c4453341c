package dev.relay.gateway.service;

import dev.relay.contracts.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Admits a routed chat request in one Redis round trip: counts it in its caller's rate window and, under the
 * limit, holds its worst-case cost against the balance billing publishes. Check and hold are one script, so
 * concurrent requests (on any replica) can neither pass the limit together nor spend more than the balance.
 * Billing releases the hold (HDEL + DECRBY) when it settles the usage event that names the reservation.
 */
@ApplicationScoped
public class ChatGate {

    public enum Verdict { ADMITTED, OVER_LIMIT, NO_CREDIT }

    /** @param reservation {@link Reservation#NONE} for guests and for refusals */
    public record Pass(Verdict verdict, RateDecision rate, Reservation reservation) {
    }

    /**
     * Counts in the window (KEYS[1]); under the limit and given a reservation id, holds the cost. Answers
     * {count, 0 admitted | 1 over the limit | 2 not enough credit}. {@link RateLimiter} runs it without a reservation.
     */
    static final LuaScript SCRIPT = new LuaScript("""
            local count = redis.call('INCR', KEYS[1])
            if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            if count > tonumber(ARGV[2]) then return {count, 1} end
            if ARGV[3] == '' then return {count, 0} end
            local balance = tonumber(redis.call('GET', KEYS[2]) or '0')
            local reserved = tonumber(redis.call('GET', KEYS[3]) or '0')
            local cost = tonumber(ARGV[4])
            if balance - reserved < cost then return {count, 2} end
            redis.call('HSET', KEYS[4], ARGV[3], ARGV[4])
            redis.call('INCRBY', KEYS[3], cost)
            return {count, 0}""");

    private final ReactiveRedisDataSource redis;
    private final RateLimiter limiter;
    private final RefusedWindows refused;
    private final Clock clock = Clock.systemUTC();

    public ChatGate(ReactiveRedisDataSource redis, RateLimiter limiter, RefusedWindows refused) {
        this.redis = redis;
        this.limiter = limiter;
        this.refused = refused;
    }

    /** Guests hold nothing (they have no account): they are only counted; an account's request holds {@code costMicro}. */
    public Uni<Pass> admit(Caller caller, long costMicro) {
        if (caller.isGuest()) {
            return limiter.admit(caller).map(rate ->
                    new Pass(rate.allowed() ? Verdict.ADMITTED : Verdict.OVER_LIMIT, rate, Reservation.NONE));
        }
        RateWindow window = RateWindow.of(caller, clock.millis());
        String account = caller.accountId();
        Reservation held = new Reservation("res_" + UUID.randomUUID(), costMicro);
        return SCRIPT.run(redis, List.of(window.key(), RedisKeys.balance(account), RedisKeys.reservedTotal(account),
                        RedisKeys.reservations(account)), Long.toString(window.ttlMs()),
                        Integer.toString(window.limit()), held.id(), Long.toString(costMicro))
                .map(r -> pass(window, r.get(0).toLong(), r.get(1).toInteger(), held))
                .invoke(pass -> refused.remember(caller, pass.rate()));
    }

    private static Pass pass(RateWindow window, long count, int outcome, Reservation held) {
        return switch (outcome) {
            case 0 -> new Pass(Verdict.ADMITTED, window.decision(count), held);
            case 1 -> new Pass(Verdict.OVER_LIMIT, window.decision(count), Reservation.NONE);
            default -> new Pass(Verdict.NO_CREDIT, window.decision(count), Reservation.NONE);
        };
    }
}
