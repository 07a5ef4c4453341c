package dev.relay.billing.service;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one committed batch means outside the database: the balances of every account it touched, which of them
 * changed, and the reservations to release (also those of events that were already in the ledger, so that a crash
 * between the database commit and Redis is repaired by the redelivery).
 */
public record SettledBatch(
        Map<String, BalanceSnapshot> balances,
        Set<String> changedAccounts,
        Map<String, List<String>> reservations) {
}
