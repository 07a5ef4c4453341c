package dev.relay.task.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.relay.contracts.TaskStatus;
import dev.relay.task.persistence.Task;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The body of a webhook call: {@code task.completed} or {@code task.failed}, with the task as a poll shows it in
 * {@code data}, so that the receiver needs no second call. The id is the task's own, so however often the ending is
 * replayed it is the same event, and receivers can drop a retry they already took by its {@code webhook-id}.
 */
@JsonPropertyOrder({"id", "object", "type", "created_at", "data"})
public record WebhookEvent(String id, String object, String type, @JsonProperty("created_at") long createdAt,
        TaskView data) {

    public static final String TASK_COMPLETED = "task.completed";
    public static final String TASK_FAILED = "task.failed";

    public static WebhookEvent taskFinished(Task task) {
        String type = TaskStatus.COMPLETED.equals(task.status) ? TASK_COMPLETED : TASK_FAILED;
        UUID id = UUID.nameUUIDFromBytes(("task-finished:" + task.id).getBytes(StandardCharsets.UTF_8));
        return new WebhookEvent("evt_" + id.toString().replace("-", ""), "event", type,
                task.updatedAt.getEpochSecond(), TaskView.of(task));
    }
}
