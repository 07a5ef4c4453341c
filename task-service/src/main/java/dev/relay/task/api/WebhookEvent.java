package dev.relay.task.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.relay.contracts.TaskStatus;
import dev.relay.task.persistence.Task;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * The body of a webhook call: {@code task.completed} or {@code task.failed}, and for opengpu tasks
 * {@code task.settled}, with the task as a poll shows it in {@code data}, so that the receiver needs no second call.
 * The id is derived from the task's and the kind of event, so however often an ending or a payment is replayed it is
 * the same event, and receivers can drop a retry they already took by its {@code webhook-id}.
 */
@JsonPropertyOrder({"id", "object", "type", "created_at", "data"})
public record WebhookEvent(String id, String object, String type, @JsonProperty("created_at") long createdAt,
        TaskView data) {

    public static final String TASK_COMPLETED = "task.completed";
    public static final String TASK_FAILED = "task.failed";

    /** An opengpu task's provider was paid on chain: {@code data.settlement} holds the receipt. */
    public static final String TASK_SETTLED = "task.settled";

    /** Asked for by the account, to check its receiver: {@code data} is null. */
    public static final String WEBHOOK_TEST = "webhook.test";

    public static WebhookEvent test() {
        return new WebhookEvent("evt_" + UUID.randomUUID().toString().replace("-", ""), "event", WEBHOOK_TEST,
                Instant.now().getEpochSecond(), null);
    }

    public static WebhookEvent taskFinished(Task task) {
        String type = TaskStatus.COMPLETED.equals(task.status) ? TASK_COMPLETED : TASK_FAILED;
        return of("task-finished:", type, task, task.updatedAt);
    }

    public static WebhookEvent taskSettled(Task task) {
        return of("task-settled:", TASK_SETTLED, task, Instant.now());
    }

    private static WebhookEvent of(String kind, String type, Task task, Instant at) {
        UUID id = UUID.nameUUIDFromBytes((kind + task.id).getBytes(StandardCharsets.UTF_8));
        return new WebhookEvent("evt_" + id.toString().replace("-", ""), "event", type, at.getEpochSecond(),
                TaskView.of(task));
    }
}
