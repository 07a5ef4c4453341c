package dev.relay.gateway.service;

import dev.relay.contracts.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * Holds the worst-case cost of a request against the balance billing publishes in Redis. Check and hold are one
 * script, so concurrent requests (on any replica) cannot together spend more than the balance. Billing releases
 * the hold (HDEL + DECRBY) when it settles the usage event that names the reservation.
 */
@ApplicationScoped
public class CreditReserver {

    private static final LuaScript SCRIPT = new LuaScript("""
            local balance = tonumber(redis.call('GET', KEYS[1]) or '0')
            local reserved = tonumber(redis.call('GET', KEYS[2]) or '0')
            local cost = tonumber(ARGV[2])
            if balance - reserved >= cost then
              redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
              redis.call('INCRBY', KEYS[2], cost)
              return 1
            end
            return 0""");

    private final ReactiveRedisDataSource redis;

    public CreditReserver(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /** @return the reservation, or a failed Uni with a 402 {@link ApiFailure} */
    public Uni<Reservation> reserve(String accountId, long costMicro) {
        String id = "res_" + UUID.randomUUID();
        return SCRIPT.run(redis,
                        List.of(RedisKeys.balance(accountId), RedisKeys.reservedTotal(accountId),
                                RedisKeys.reservations(accountId)),
                        id, Long.toString(costMicro))
                .map(result -> {
                    if (result.toLong() != 1L) {
                        throw ApiFailure.insufficientCredits();
                    }
                    return new Reservation(id, costMicro);
                });
    }
}
