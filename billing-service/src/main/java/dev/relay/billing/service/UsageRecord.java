package dev.relay.billing.service;

import java.time.Instant;

/** One line of an account's usage history; {@code rowId} only orders pages. */
public record UsageRecord(
        long rowId,
        String eventId,
        String requestId,
        String model,
        Metered usage,
        long costMicro,
        Instant createdAt) {
}
