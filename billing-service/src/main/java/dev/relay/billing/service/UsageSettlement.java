package dev.relay.billing.service;

import dev.relay.billing.config.BillingConfig;
import dev.relay.billing.persistence.BalanceRepository;
import dev.relay.billing.persistence.LedgerRepository;
import dev.relay.billing.persistence.LedgerRepository.Delta;
import dev.relay.billing.persistence.PriceRepository;
import dev.relay.billing.persistence.Transactions;
import dev.relay.contracts.UsageEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Turns a batch of usage events into ledger debits and balance updates in ONE transaction. Event ids already in the
 * ledger are skipped by the unique constraint, so a redelivered batch (crash, rebalance, full replay) changes nothing.
 */
@ApplicationScoped
public class UsageSettlement {

    private static final Logger LOG = Logger.getLogger(UsageSettlement.class);

    private final Transactions transactions;
    private final PriceRepository prices;
    private final PriceCatalog catalog;
    private final LedgerRepository ledger;
    private final BalanceRepository balances;
    private final Duration heldPriceGrace;

    public UsageSettlement(Transactions transactions, PriceRepository prices, PriceCatalog catalog,
            LedgerRepository ledger, BalanceRepository balances, BillingConfig config) {
        this.transactions = transactions;
        this.prices = prices;
        this.catalog = catalog;
        this.ledger = ledger;
        this.balances = balances;
        this.heldPriceGrace = config.heldPriceGrace();
    }

    /** @param events valid events (event id and account id present, occurredAt set) */
    public SettledBatch settle(List<UsageEvent> events) {
        // The first occurrence of an event id wins; later copies in the same batch are duplicates.
        Map<String, UsageEvent> unique = new LinkedHashMap<>();
        events.forEach(e -> unique.putIfAbsent(e.eventId(), e));
        return transactions.inTransaction(connection -> {
            // Read in the transaction: a price changed by another replica a moment ago is already visible.
            PriceTable table = new PriceTable(prices.all(connection));
            List<UsageCharge> charges = new ArrayList<>(unique.size());
            Map<String, List<String>> reservations = new HashMap<>();
            Map<String, Integer> unpriced = new HashMap<>();
            for (UsageEvent event : unique.values()) {
                charges.add(charge(event, table, unpriced));
                if (event.reservationId() != null && !event.reservationId().isBlank()) {
                    reservations.computeIfAbsent(event.accountId(), a -> new ArrayList<>()).add(event.reservationId());
                }
            }
            // Once per model and batch, not per event: a burst for an unpriced model must not flood the log.
            unpriced.forEach((model, count) -> LOG.warnf(
                    "no price for model '%s': %d event(s) charged the default price", model, count));
            Map<String, Delta> deltas = ledger.insertUsage(connection, charges);
            balances.apply(connection, deltas);
            Map<String, BalanceSnapshot> touched = balances.snapshots(connection,
                    charges.stream().map(UsageCharge::accountId).distinct().toList());
            return new SettledBatch(touched, deltas.keySet(), reservations);
        });
    }

    private UsageCharge charge(UsageEvent event, PriceTable table, Map<String, Integer> unpriced) {
        Instant at = event.occurredAt();
        PriceVersion price = table.at(event.model(), at).orElseGet(() -> {
            unpriced.merge(String.valueOf(event.model()), 1, Integer::sum);
            return catalog.fallback(event.model());
        });
        Metered usage = measured(event);
        long cost = UsageCost.of(price, usage);
        // The price its credit was held at, if lower: a price raised while the request ran (or before the gateway's
        // price list caught up) never charges more than was held, nor more than the client was told it may cost.
        // Only within a grace after it was superseded, so a gateway cut off from billing's price list for hours
        // does not go on selling at the old price.
        PriceVersion held = event.priceVersion() == null ? null
                : table.heldVersion(event.model(), event.priceVersion(), at, heldPriceGrace).orElse(null);
        if (held != null) {
            long heldCost = UsageCost.of(held, usage);
            if (heldCost < cost) {
                cost = heldCost;
                price = held;
            }
        }
        // Never more than was held, whatever the price did: the hold is the request's worst case at the price it was
        // admitted at, and an async task, held at submission and run later, names no price version.
        if (event.reservedMicro() > 0 && cost > event.reservedMicro()) {
            cost = event.reservedMicro();
        }
        return new UsageCharge(event.eventId(), event.accountId(), cost, event.requestId(), event.model(),
                price.version(), usage, event.reservationId(), event.outcome(), at);
    }

    /**
     * No request produces a billion tokens, ten thousand images or a day of audio or video. Larger counts are a
     * producer's bug; clamping them (loudly) keeps the cost and the balance far inside a long, so one absurd event can
     * never make a whole batch fail over and over.
     */
    static final long MAX_TOKENS = 1_000_000_000L;
    static final long MAX_IMAGES = 10_000L;
    static final long MAX_MEDIA_MILLIS = 24 * 3_600_000L;

    /** The event's counts as charged and recorded: a negative count must credit nobody, so it counts as 0. */
    private static Metered measured(UsageEvent event) {
        return new Metered(count(event.promptTokens(), MAX_TOKENS, "token", event),
                count(event.completionTokens(), MAX_TOKENS, "token", event),
                count(event.images(), MAX_IMAGES, "image", event),
                count(event.mediaMillis(), MAX_MEDIA_MILLIS, "media millisecond", event));
    }

    private static long count(long value, long max, String what, UsageEvent event) {
        if (value < 0) {
            LOG.warnf("negative %s count in event %s counted as 0", what, event.eventId());
            return 0;
        }
        if (value > max) {
            LOG.errorf("%s count %d in event %s clamped to %d", what, value, event.eventId(), max);
            return max;
        }
        return value;
    }
}
