package dev.relay.billing.service;

import dev.relay.billing.messaging.BalanceEvents;
import dev.relay.billing.messaging.RedisBalances;
import dev.relay.billing.persistence.BalanceRepository;
import dev.relay.billing.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/** Carries committed balances out of the database: Redis for the gateways' 402 check, relay.balances for the rest. */
@ApplicationScoped
public class BalancePropagation {

    private static final Logger LOG = Logger.getLogger(BalancePropagation.class);
    private static final int PAGE = 1000;

    private final RedisBalances redis;
    private final BalanceEvents events;
    private final Transactions transactions;
    private final BalanceRepository balances;

    public BalancePropagation(RedisBalances redis, BalanceEvents events, Transactions transactions,
            BalanceRepository balances) {
        this.redis = redis;
        this.events = events;
        this.transactions = transactions;
        this.balances = balances;
    }

    /** Must only be called after the batch's transaction committed. Throws if Redis could not be written. */
    public void propagate(SettledBatch batch) {
        redis.settle(batch.balances().values(), batch.reservations(), false);
        for (String account : batch.changedAccounts()) {
            events.publish(batch.balances().get(account));
        }
    }

    public void propagate(BalanceSnapshot balance) {
        redis.settle(List.of(balance), Map.of(), false);
        events.publish(balance);
    }

    /** Writes every account's balance to Redis (which may have been restarted or flushed). */
    public long pushAll() {
        long pushed = 0;
        String after = "";
        while (true) {
            String from = after;
            List<BalanceSnapshot> page = transactions.read(c -> balances.pageAfter(c, from, PAGE));
            if (page.isEmpty()) {
                break;
            }
            redis.settle(page, Map.of(), true);
            pushed += page.size();
            after = page.get(page.size() - 1).accountId();
        }
        LOG.infof("pushed %d balances to Redis", pushed);
        return pushed;
    }
}
