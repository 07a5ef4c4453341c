package dev.relay.task.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.contracts.SettlementRecorded;
import dev.relay.contracts.TaskRequested;
import dev.relay.contracts.TaskStatus;
import dev.relay.contracts.internal.ApiError;
import dev.relay.contracts.internal.TaskSubmission;
import dev.relay.task.config.TaskConfig;
import dev.relay.task.messaging.TaskRequestPublisher;
import dev.relay.task.persistence.Task;
import dev.relay.task.persistence.TaskRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Accepts tasks and records how they go. A task is accepted only once its {@code relay.tasks.requested} event is
 * acknowledged by the broker: if it cannot be, the row is marked failed and the caller told so, so that the gateway
 * releases the credit it held and nothing waits for an executor that will never come.
 */
@ApplicationScoped
public class TaskService {

    private static final Logger LOG = Logger.getLogger(TaskService.class);
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    private final TaskRepository repository;
    private final TaskRequestPublisher publisher;
    private final TaskWatch watch;
    private final TaskWebhooks webhooks;
    private final ObjectMapper json;
    private final Duration publishTimeout;

    public TaskService(TaskRepository repository, TaskRequestPublisher publisher, TaskWatch watch,
            TaskWebhooks webhooks, ObjectMapper json, TaskConfig config) {
        this.repository = repository;
        this.publisher = publisher;
        this.watch = watch;
        this.webhooks = webhooks;
        this.json = json;
        this.publishTimeout = config.publishTimeout();
    }

    /**
     * Creates and queues the task; a retry of the same submission returns the task as it is (queuing it again while
     * it is still queued: the first attempt's event may not have reached the broker).
     *
     * @throws ApiError 400 for an unusable submission, 409 for a task id of another account, 503 when not queued
     */
    public Task create(TaskSubmission submission) {
        TaskSubmissions.validate(submission);
        Task task = TaskSubmissions.toTask(submission, write(submission.body()), Instant.now());
        if (!repository.insertIfAbsent(task)) {
            task = repository.findOwned(submission.taskId(), submission.accountId()).orElseThrow(
                    () -> ApiError.conflict("taskId", "This task id is taken by another account's task."));
            if (TaskStatus.FAILED.equals(task.status)) {
                throw notQueued();
            }
            if (!TaskStatus.QUEUED.equals(task.status)) {
                return task;
            }
        }
        queue(task);
        return task;
    }

    private void queue(Task task) {
        try {
            publisher.publish(requested(task)).await().atMost(publishTimeout);
        } catch (RuntimeException e) {
            LOG.warnf("task %s not queued: %s", task.id, e.toString());
            // An executor may have started it all the same (the ack, not the event, was lost): then it stays accepted.
            if (repository.markFailed(task.id, 503, "service_unavailable", "The task could not be queued.", true)) {
                watch.changed(task.id);
                throw notQueued();
            }
        }
    }

    /**
     * Applies an executor's status event; terminal states are final, so replays and late events change nothing. An
     * ending owes the account's webhook endpoints their calls, written in the same transaction; waiting polls are woken
     * once it committed.
     */
    public void apply(TaskStatus status) {
        boolean changed = QuarkusTransaction.requiringNew().call(() -> {
            boolean applied = applyInTransaction(status);
            if (applied && (TaskStatus.COMPLETED.equals(status.status())
                    || TaskStatus.FAILED.equals(status.status()))) {
                webhooks.finished(status.taskId());
            }
            return applied;
        });
        if (changed) {
            watch.changed(status.taskId());
        }
    }

    private boolean applyInTransaction(TaskStatus status) {
        return switch (status.status()) {
            case TaskStatus.RUNNING -> repository.markRunning(status.taskId());
            case TaskStatus.QUEUED -> repository.markRequeued(status.taskId());
            case TaskStatus.COMPLETED -> repository.markCompleted(status.taskId(),
                    status.result() == null ? null : write(status.result()));
            default -> repository.markFailed(status.taskId(),
                    status.errorStatus() == null ? 502 : status.errorStatus(),
                    status.errorCode() == null ? "task_failed" : storable(status.errorCode()),
                    status.errorMessage() == null ? "The task failed." : storable(status.errorMessage()), false);
        };
    }

    /**
     * Records an opengpu task's payment on chain: the receipt its poll shows. Published at least once and possibly
     * again with more confirmations, so the latest wins; a task this service does not hold (a synchronous request's)
     * is no task of its own. The first receipt is also owed to the account's webhook endpoints ({@code task.settled}).
     */
    public void applySettlement(SettlementRecorded settlement) {
        Map<String, Object> receipt = new LinkedHashMap<>();
        receipt.put("chain_id", settlement.chainId());
        receipt.put("task_address", settlement.taskAddress());
        receipt.put("tx_hash", settlement.txHash());
        receipt.put("block_number", settlement.blockNumber());
        receipt.put("confirmations", settlement.confirmations());
        String receiptJson = write(receipt);
        QuarkusTransaction.requiringNew().run(() -> {
            if (repository.settled(settlement.taskId(), receiptJson)) {
                webhooks.settled(settlement.taskId());
            }
        });
    }

    private TaskRequested requested(Task task) {
        Map<String, Object> body;
        try {
            body = json.readValue(task.requestJson, JSON_OBJECT);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored request of task " + task.id + " is not JSON", e);
        }
        return new TaskRequested(UUID.randomUUID().toString(), new TaskSubmission(task.id, task.kind, task.accountId,
                task.keyId, task.tier, task.mode, task.model, task.reservationId, task.reservedMicro, body,
                task.requestId),
                Instant.now());
    }

    /**
     * A worker's words as PostgreSQL stores text: a NUL becomes the replacement character. Refused as it is, the event
     * would be retried forever and hold up every later status of its partition.
     */
    private static String storable(String text) {
        return text.replace('\u0000', '\uFFFD');
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw ApiError.invalidJson("The value cannot be stored as JSON.");
        }
    }

    private static ApiError notQueued() {
        return ApiError.of(503, "server_error", "service_unavailable", "The task could not be queued, retry shortly.");
    }
}
