package dev.relay.billing.service;

import java.time.Instant;

/** A priced usage event, ready to become one ledger debit of {@code costMicro}, recording what it was charged for. */
public record UsageCharge(
        String eventId,
        String accountId,
        long costMicro,
        String requestId,
        String model,
        int priceVersion,
        Metered usage,
        String reservationId,
        String outcome,
        Instant occurredAt) {
}
