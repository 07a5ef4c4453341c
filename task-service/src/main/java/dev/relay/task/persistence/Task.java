package dev.relay.task.persistence;

import dev.relay.contracts.TaskStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One asynchronous task: who asked, what to run, the credit held for it, and how it ended. */
@Entity
@Table(name = "tasks")
public class Task {

    @Id
    public String id;

    @Column(name = "account_id")
    public String accountId;

    @Column(name = "key_id")
    public String keyId;

    public String tier;
    public String mode;
    public String kind;
    public String model;

    /** {@code queued}, {@code running}, {@code completed} or {@code failed} ({@link TaskStatus}). */
    public String status;

    @Column(name = "reservation_id")
    public String reservationId;

    @Column(name = "reserved_micro")
    public long reservedMicro;

    @Column(name = "request_json")
    public String requestJson;

    /** The submitting request's x-request-id; null for tasks submitted before it was kept. */
    @Column(name = "request_id")
    public String requestId;

    @Column(name = "result_json")
    public String resultJson;

    @Column(name = "error_status")
    public Integer errorStatus;

    @Column(name = "error_code")
    public String errorCode;

    @Column(name = "error_message")
    public String errorMessage;

    /** An opengpu task's payment receipt (chain, task address, transaction, block, confirmations); null before. */
    @Column(name = "settlement_json")
    public String settlementJson;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public boolean finished() {
        return TaskStatus.COMPLETED.equals(status) || TaskStatus.FAILED.equals(status);
    }
}
