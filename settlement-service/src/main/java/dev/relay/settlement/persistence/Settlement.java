package dev.relay.settlement.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The payment of one opengpu task's provider. It moves {@code awaiting_provider} (the worker's payout address is not
 * known yet) → {@code pending} → {@code sent} (signed, hash recorded before it went out) → {@code confirmed}; or to
 * {@code failed} when the chain refused it for a reason a retry would not change.
 */
@Entity
@Table(name = "settlements")
public class Settlement {

    public static final String AWAITING_PROVIDER = "awaiting_provider";
    public static final String PENDING = "pending";
    public static final String SENT = "sent";
    public static final String CONFIRMED = "confirmed";
    public static final String FAILED = "failed";

    @Id
    @Column(name = "task_id")
    public String taskId;

    @Column(name = "account_id")
    public String accountId;

    @Column(name = "worker_id")
    public String workerId;

    /** The payout address; null while awaiting the provider. */
    public String provider;

    @Column(name = "amount_micro")
    public long amountMicro;

    @Column(name = "amount_wei")
    public BigDecimal amountWei;

    @Column(name = "task_address")
    public String taskAddress;

    public String status;

    @Column(name = "tx_hash")
    public String txHash;

    @Column(name = "block_number")
    public Long blockNumber;

    public Integer confirmations;

    public String failure;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "sent_at")
    public Instant sentAt;

    @Column(name = "published_at")
    public Instant publishedAt;
}
