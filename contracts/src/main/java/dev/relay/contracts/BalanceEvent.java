package dev.relay.contracts;

import java.time.Instant;

/** The settled balance of an account after a ledger change. {@code ledgerSequence} orders snapshots. */
public record BalanceEvent(
        String eventId,
        String accountId,
        long balanceMicro,
        long ledgerSequence,
        Instant occurredAt) {
}
