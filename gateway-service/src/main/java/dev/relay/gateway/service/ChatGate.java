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

    private static final LuaScript SCRIPT = new LuaScript("""
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
    private final RefusedWindows refused;
    private final Clock clock = Clock.systemUTC();

    public ChatGate(ReactiveRedisDataSource redis, RefusedWindows refused) {
        this.redis = redis;
        this.refused = refused;
    }

    /** Guests hold nothing (they have no account); an account's request holds {@code costMicro}. */
    public Uni<Pass> admit(Caller caller, long costMicro) {
        RateWindow window = RateWindow.of(caller, clock.millis());
        String ttl = Long.toString(window.ttlMs());
        String limit = Integer.toString(window.limit());
        if (caller.isGuest()) {
            return SCRIPT.run(redis, List.of(window.key()), ttl, limit, "", "0")
                    .map(r -> pass(window, r.get(0).toLong(), r.get(1).toInteger(), Reservation.NONE))
                    .invoke(pass -> refused.remember(caller, pass.rate()));
        }
        String account = caller.accountId();
        Reservation held = new Reservation("res_" + UUID.randomUUID(), costMicro);
        return SCRIPT.run(redis, List.of(window.key(), RedisKeys.balance(account), RedisKeys.reservedTotal(account),
                        RedisKeys.reservations(account)), ttl, limit, held.id(), Long.toString(costMicro))
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
