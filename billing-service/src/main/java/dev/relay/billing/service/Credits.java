package dev.relay.billing.service;

import dev.relay.contracts.internal.ApiError;

import dev.relay.billing.persistence.BalanceRepository;
import dev.relay.billing.persistence.LedgerRepository;
import dev.relay.billing.persistence.LedgerRepository.Topup;
import dev.relay.billing.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Balances as read by the API, and top-ups, applied once per reference. */
@ApplicationScoped
public class Credits {

    private static final Logger LOG = Logger.getLogger(Credits.class);

    private final Transactions transactions;
    private final LedgerRepository ledger;
    private final BalanceRepository balances;
    private final BalancePropagation propagation;

    public Credits(Transactions transactions, LedgerRepository ledger, BalanceRepository balances,
            BalancePropagation propagation) {
        this.transactions = transactions;
        this.ledger = ledger;
        this.balances = balances;
        this.propagation = propagation;
    }

    /** An account billing has never seen has a zero balance. */
    public BalanceSnapshot balance(String accountId) {
        return transactions.read(c -> balances.find(c, accountId)).orElse(BalanceSnapshot.empty(accountId));
    }

    /**
     * Adds credit. A retry with the same reference (same account and amount) returns the balance without adding
     * again; the same reference for another account or amount is a conflict.
     */
    public BalanceSnapshot topUp(String accountId, long amountMicro, String reference) {
        Optional<BalanceSnapshot> added = transactions.inTransaction(connection -> {
            Optional<LedgerRepository.Delta> delta = ledger.insertTopup(connection, accountId, amountMicro, reference);
            if (delta.isEmpty()) {
                return Optional.empty();
            }
            balances.apply(connection, Map.of(accountId, delta.get()));
            return balances.find(connection, accountId);
        });
        if (added.isPresent()) {
            try {
                propagation.propagate(added.get());
            } catch (RuntimeException e) {
                // The credit is committed; Redis catches up with the account's next settlement or at restart.
                LOG.warnf("balance of %s not pushed after a top-up: %s", accountId, e.getMessage());
            }
            return added.get();
        }
        Topup earlier = transactions.read(c -> ledger.findTopup(c, reference)).orElseThrow();
        if (!earlier.accountId().equals(accountId) || earlier.amountMicro() != amountMicro) {
            throw ApiError.conflict("reference", "This reference was already used for a different top-up.");
        }
        return balance(accountId);
    }
}
