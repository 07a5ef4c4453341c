package dev.relay.task.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.relay.task.persistence.Task;

/**
 * A task as its owner polls it (the gateway passes this body through): {@code result} is the answer (an OpenAI
 * {@code chat.completion}) once completed, {@code error} what went wrong once failed; both null before.
 * {@code settlement}: an opengpu task's payment to its provider on chain, once settlement-service confirmed it.
 */
@JsonPropertyOrder({"task_id", "status", "mode", "model", "created_at", "updated_at", "result", "error", "settlement"})
public record TaskView(
        @JsonProperty("task_id") String taskId,
        String status,
        String mode,
        String model,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt,
        @JsonRawValue String result,
        Error error,
        @JsonRawValue String settlement) {

    /** The HTTP answer the request would have got had it run synchronously: status, OpenAI error code, message. */
    public record Error(int status, String code, String message) {
    }

    public static TaskView of(Task task) {
        Error error = task.errorStatus == null ? null
                : new Error(task.errorStatus, task.errorCode, task.errorMessage);
        return new TaskView(task.id, task.status, task.mode, task.model, ApiTimes.iso(task.createdAt),
                ApiTimes.iso(task.updatedAt), task.resultJson, error, task.settlementJson);
    }
}
