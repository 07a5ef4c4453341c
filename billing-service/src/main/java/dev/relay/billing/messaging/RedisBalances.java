package dev.relay.billing.messaging;

import dev.relay.billing.service.BalanceSnapshot;
import dev.relay.contracts.RedisKeys;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Writes settled balances where the gateways read them, and releases reservations. One script per account does
 * both atomically. The balance is only overwritten by a snapshot at least as new (ledger sequence), so a slow
 * writer cannot put back an older balance; a reservation is released only if HDEL removed it, so exactly once.
 */
@ApplicationScoped
public class RedisBalances {

    private static final RedisScript SCRIPT = new RedisScript("""
            local current = tonumber(redis.call('GET', KEYS[4]) or '-1')
            if ARGV[3] == '1' or tonumber(ARGV[2]) >= current then
              redis.call('SET', KEYS[1], ARGV[1])
              redis.call('SET', KEYS[4], ARGV[2])
            end
            local released = 0
            for i = 4, #ARGV do
              local amount = redis.call('HGET', KEYS[3], ARGV[i])
              if amount and redis.call('HDEL', KEYS[3], ARGV[i]) == 1 then
                if redis.call('DECRBY', KEYS[2], amount) < 0 then
                  redis.call('SET', KEYS[2], '0')
                end
                released = released + 1
              end
            end
            return released""");

    /** Commands per pipeline: one connection, one round trip for a whole batch's accounts. */
    private static final int PIPELINE = 500;

    private final Redis redis;

    public RedisBalances(Redis redis) {
        this.redis = redis;
    }

    /** Ledger sequence of the balance stored in Redis; private to billing, same hash tag as the account's keys. */
    public static String balanceSequence(String accountId) {
        return "relay:acct:{" + accountId + "}:balance_seq";
    }

    /**
     * Runs the script for every account, pipelined on one connection, and waits for all of them.
     *
     * @param force overwrite regardless of the stored sequence (startup: Redis may hold values from another database)
     */
    public void settle(Collection<BalanceSnapshot> balances, Map<String, List<String>> reservations, boolean force) {
        if (balances.isEmpty()) {
            return;
        }
        SCRIPT.load(redis);
        List<Request> calls = new ArrayList<>(Math.min(balances.size(), PIPELINE));
        for (BalanceSnapshot balance : balances) {
            calls.add(script(balance, reservations.getOrDefault(balance.accountId(), List.of()), force));
            if (calls.size() == PIPELINE) {
                redis.batch(calls).await().atMost(RedisScript.TIMEOUT);
                calls = new ArrayList<>(PIPELINE);
            }
        }
        if (!calls.isEmpty()) {
            redis.batch(calls).await().atMost(RedisScript.TIMEOUT);
        }
    }

    private Request script(BalanceSnapshot balance, List<String> reservationIds, boolean force) {
        String account = balance.accountId();
        Request request = SCRIPT.call(RedisKeys.balance(account), RedisKeys.reservedTotal(account),
                RedisKeys.reservations(account), balanceSequence(account))
                .arg(balance.balanceMicro())
                .arg(balance.ledgerSequence())
                .arg(force ? "1" : "0");
        reservationIds.forEach(request::arg);
        return request;
    }
}
