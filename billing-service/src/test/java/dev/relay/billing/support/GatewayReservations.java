package dev.relay.billing.support;

import dev.relay.contracts.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

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

    /** The Redis server's time in ms, the clock the sweep notes sightings with. */
    public long redisTimeMs() {
        Response time = redis.execute("TIME");
        return time.get(0).toLong() * 1000 + time.get(1).toLong() / 1000;
    }

    /** Notes the reservation as the sweep does when it first sees it, {@code ago} back. */
    public void sighted(String accountId, String reservationId, Duration ago) {
        redis.hash(String.class).hset(RedisKeys.reservationSightings(accountId), reservationId,
                Long.toString(redisTimeMs() - ago.toMillis()));
    }

    /** What the gateway does as a task starts running: forgets the sweep's sighting of the task's hold. */
    public void forgetSighting(String accountId, String reservationId) {
        redis.hash(String.class).hdel(RedisKeys.reservationSightings(accountId), reservationId);
    }

    /** When the sweep first saw the reservation (Redis's time in ms), null if it has not. */
    public Long sighting(String accountId, String reservationId) {
        String seen = redis.hash(String.class).hget(RedisKeys.reservationSightings(accountId), reservationId);
        return seen == null ? null : Long.valueOf(seen);
    }
}
