package dev.relay.settlement.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.relay.settlement.persistence.Settlement;

/** A settlement as the internal API shows it: the payment and its receipt (null fields until known). */
public record SettlementView(
        @JsonProperty("task_id") String taskId,
        String status,
        @JsonProperty("worker_id") String workerId,
        String provider,
        @JsonProperty("amount_micro") long amountMicro,
        @JsonProperty("amount_wei") String amountWei,
        @JsonProperty("chain_id") long chainId,
        @JsonProperty("task_address") String taskAddress,
        @JsonProperty("tx_hash") String txHash,
        @JsonProperty("block_number") Long blockNumber,
        Integer confirmations,
        String failure) {

    static SettlementView of(Settlement s, long chainId, Integer confirmations) {
        return new SettlementView(s.taskId, s.status, s.workerId, s.provider, s.amountMicro,
                s.amountWei.toPlainString(), chainId, s.taskAddress, s.txHash, s.blockNumber, confirmations,
                s.failure);
    }
}
