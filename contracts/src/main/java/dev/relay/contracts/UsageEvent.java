package dev.relay.contracts;

import java.time.Instant;

/**
 * One finished (or cut short) inference request, as measured at the gateway or task executor.
 * Billing turns it into exactly one ledger debit, keyed by {@code eventId}, and releases {@code reservationId}.
 *
 * @param accountId the caller's account; null, with {@code keyId}, for a guest (no key), whom billing charges nothing
 * @param outcome {@code completed}, {@code client_disconnected} or {@code failed}; tokens are what was really generated
 * @param taskId the task the request ran as ({@code direct:<uuid>} or {@code opengpu:<uuid>}, as its answer named it);
 *        settlement-service pays an opengpu task's provider under it; null from producers that predate it
 * @param priceVersion the version of {@code model}'s price the credit was held at, which billing charges if cheaper
 *        than the price in force at {@code occurredAt}; null when the hold was not made at a price of {@code model}'s
 *        own (an async task's, a default price). Either way billing charges no more than {@code reservedMicro}
 * @param images images generated (image tasks), charged at the model's price per image
 * @param mediaMillis milliseconds of audio or video produced (speech, video) or transcribed (transcription),
 *        charged at the model's price per second, pro rata; 0 for chat, and from producers that predate them
 */
public record UsageEvent(
        String eventId,
        String requestId,
        String accountId,
        String keyId,
        String model,
        String mode,
        String workerId,
        long promptTokens,
        long completionTokens,
        String reservationId,
        long reservedMicro,
        String outcome,
        Instant occurredAt,
        String taskId,
        Integer priceVersion,
        long images,
        long mediaMillis) {
}
