package dev.relay.billing.service;

/** An account's settled balance after its {@code ledgerSequence}-th ledger entry. */
public record BalanceSnapshot(String accountId, long balanceMicro, long ledgerSequence) {

    public static BalanceSnapshot empty(String accountId) {
        return new BalanceSnapshot(accountId, 0, 0);
    }
}
