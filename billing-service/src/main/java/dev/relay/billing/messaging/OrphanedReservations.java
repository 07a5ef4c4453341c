package dev.relay.billing.messaging;

import dev.relay.contracts.RedisKeys;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds reservations that stayed open longer than a horizon and releases them. The gateway records no time with a
 * reservation, so a sweep notes in Redis when it first saw each one (all replicas share that note and Redis's
 * clock, {@link RedisKeys#reservationSightings}) and releases those first seen at least a horizon ago. A sighting
 * that is gone (the gateway deletes a task's when the task starts running; the hash expires once no sweep refreshes
 * it) is noted afresh by the next sweep: that only postpones a release, never hastens it. Release and settlement are
 * both scripts in which HDEL decides, so a reservation is released once however they and several replicas interleave.
 */
@ApplicationScoped
public class OrphanedReservations {

    /**
     * KEYS: reservations, reserved total, first sightings. ARGV: horizon ms, time to live of the sightings ms.
     * Returns {released count, released micro-dollars}.
     */
    private static final RedisScript SWEEP = new RedisScript("""
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
            local open = redis.call('HGETALL', KEYS[1])
            local released, amount = 0, 0
            for i = 1, #open, 2 do
              local id = open[i]
              local seen = redis.call('HGET', KEYS[3], id)
              if not seen then
                redis.call('HSET', KEYS[3], id, now)
              elseif now - tonumber(seen) >= tonumber(ARGV[1]) and redis.call('HDEL', KEYS[1], id) == 1 then
                if redis.call('DECRBY', KEYS[2], open[i + 1]) < 0 then
                  redis.call('SET', KEYS[2], '0')
                end
                redis.call('HDEL', KEYS[3], id)
                released = released + 1
                amount = amount + tonumber(open[i + 1])
              end
            end
            for _, id in ipairs(redis.call('HKEYS', KEYS[3])) do
              if redis.call('HEXISTS', KEYS[1], id) == 0 then
                redis.call('HDEL', KEYS[3], id)
              end
            end
            if redis.call('EXISTS', KEYS[3]) == 1 then
              redis.call('PEXPIRE', KEYS[3], ARGV[2])
            end
            return {released, amount}""");

    /** Keys asked for per SCAN call, and so scripts per pipeline. */
    private static final int PAGE = 500;

    /** One account's share of a sweep. */
    public record Release(String accountId, long reservations, long amountMicro) {
    }

    private final Redis redis;

    public OrphanedReservations(Redis redis) {
        this.redis = redis;
    }

    /**
     * One sweep over every account whose id matches {@code accounts} (a Redis glob): notes reservations not seen
     * before and releases those first seen at least {@code horizon} ago.
     *
     * @return the accounts where something was released
     */
    public List<Release> sweep(Duration horizon, String accounts) {
        // While sweeps keep running each one refreshes it; twice the horizon outlives any pause between them.
        long keepSightingsMs = Math.max(2 * horizon.toMillis(), 60_000);
        List<Release> releases = new ArrayList<>();
        String cursor = "0";
        do {
            Response page = redis.send(Request.cmd(Command.SCAN).arg(cursor)
                            .arg("MATCH").arg(RedisKeys.reservations(accounts))
                            .arg("COUNT").arg(PAGE).arg("TYPE").arg("hash"))
                    .await().atMost(RedisScript.TIMEOUT);
            cursor = page.get(0).toString();
            List<String> found = new ArrayList<>();
            page.get(1).forEach(key -> found.add(accountOf(key.toString())));
            releases.addAll(sweepAccounts(found, horizon.toMillis(), keepSightingsMs));
        } while (!"0".equals(cursor));
        return releases;
    }

    private List<Release> sweepAccounts(List<String> accounts, long horizonMs, long keepSightingsMs) {
        if (accounts.isEmpty()) {
            return List.of();
        }
        SWEEP.load(redis);
        List<Request> calls = new ArrayList<>(accounts.size());
        for (String account : accounts) {
            calls.add(SWEEP.call(RedisKeys.reservations(account), RedisKeys.reservedTotal(account),
                    RedisKeys.reservationSightings(account)).arg(horizonMs).arg(keepSightingsMs));
        }
        List<Response> results = redis.batch(calls).await().atMost(RedisScript.TIMEOUT);
        List<Release> releases = new ArrayList<>();
        for (int i = 0; i < accounts.size(); i++) {
            long released = results.get(i).get(0).toLong();
            if (released > 0) {
                releases.add(new Release(accounts.get(i), released, results.get(i).get(1).toLong()));
            }
        }
        return releases;
    }

    /** The account id inside the key's hash tag (an id may itself contain '}', hence the last one). */
    private static String accountOf(String reservationsKey) {
        return reservationsKey.substring(reservationsKey.indexOf('{') + 1, reservationsKey.lastIndexOf('}'));
    }
}
