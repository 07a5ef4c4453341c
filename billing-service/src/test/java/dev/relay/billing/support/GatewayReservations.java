package dev.relay.billing.support;

import dev.relay.contracts.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;

/** Reservations as the gateway's reserve script makes them, and what billing leaves of them in Redis. */
@ApplicationScoped
public class GatewayReservations {

    private final RedisDataSource redis;

    public GatewayReservations(RedisDataSource redis) {
        this.redis = redis;
    }

    /** Field = reservation id, value = amount; the account's reserved total goes up by the amount. */
    public void reserve(String accountId, String reservationId, long amountMicro) {
        redis.hash(String.class).hset(RedisKeys.reservations(accountId), reservationId, Long.toString(amountMicro));
        hold(accountId, amountMicro);
    }

    /**
     * Raises the reserved total without a reservation field: a hold nothing in billing may release, so that
     * releasing a reservation twice shows as a total below it (the total is clamped at 0, never negative).
     */
    public void hold(String accountId, long amountMicro) {
        redis.value(Long.class).incrby(RedisKeys.reservedTotal(accountId), amountMicro);
    }

    public boolean isOpen(String accountId, String reservationId) {
        return redis.hash(String.class).hexists(RedisKeys.reservations(accountId), reservationId);
    }

    public String reservedTotal(String accountId) {
        return redis.value(String.class).get(RedisKeys.reservedTotal(accountId));
    }

    public String balance(String accountId) {
        return redis.value(String.class).get(RedisKeys.balance(accountId));
    }
}
