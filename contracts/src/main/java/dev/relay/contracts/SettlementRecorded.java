package dev.relay.contracts;

import java.time.Instant;

/**
 * An opengpu task's provider paid on chain, published by settlement-service on {@link Topics#SETTLEMENTS} (key = task
 * id) once the payment has the confirmations it waits for. Published at least once: consumers key on {@code taskId}.
 *
 * @param taskAddress the task's contract on chain (the address its answer named)
 * @param provider the address paid
 * @param amountMicro the payout in micro-dollars; {@code amountWei} the same in the chain's native unit
 * @param confirmations blocks on top of the payment's block, that block included, when this was published
 */
public record SettlementRecorded(
        String taskId,
        String accountId,
        String workerId,
        String taskAddress,
        String provider,
        long amountMicro,
        String amountWei,
        long chainId,
        String txHash,
        long blockNumber,
        long confirmations,
        Instant occurredAt) {
}
