package dev.relay.task.service;

import dev.relay.contracts.TaskStatus;
import dev.relay.contracts.internal.ApiError;
import dev.relay.contracts.internal.StorableText;
import dev.relay.contracts.internal.TaskSubmission;
import dev.relay.task.persistence.Task;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/** What a gateway may submit: a task id of the form {@code <mode>:<uuid>}, a known kind, a payer and a request. */
final class TaskSubmissions {

    private static final Pattern TASK_ID = Pattern.compile(
            "(direct|opengpu):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /** What executors run: a chat completion, or media made (or, for a transcription, read) on a GPU worker. */
    private static final List<String> KINDS = List.of(TaskSubmission.CHAT, TaskSubmission.IMAGE,
            TaskSubmission.SPEECH, TaskSubmission.TRANSCRIPTION, TaskSubmission.VIDEO);

    private TaskSubmissions() {
    }

    static void validate(TaskSubmission submission) {
        if (submission == null) {
            throw ApiError.invalidJson("A task submission is required.");
        }
        if (!isTaskId(submission.taskId())) {
            throw ApiError.invalidValue("taskId", "taskId must be direct:<uuid> or opengpu:<uuid>.");
        }
        if (!submission.taskId().startsWith(submission.mode() + ":")) {
            throw ApiError.invalidValue("mode", "mode must be the task id's prefix.");
        }
        if (submission.kind() == null || !KINDS.contains(submission.kind())) {
            throw ApiError.invalidValue("kind", "kind must be one of " + String.join(", ", KINDS) + ".");
        }
        if (blank(submission.accountId())) {
            throw ApiError.invalidValue("accountId", "accountId is required.");
        }
        if (blank(submission.model())) {
            throw ApiError.invalidValue("model", "model is required.");
        }
        if (submission.body() == null || submission.reservedMicro() < 0) {
            throw ApiError.invalidValue("body", "body is required and reservedMicro may not be negative.");
        }
        // Stored as text. The body needs no check: it is stored as JSON, where a control character is an escape.
        printable("accountId", submission.accountId());
        printable("keyId", submission.keyId());
        printable("tier", submission.tier());
        printable("model", submission.model());
        printable("reservationId", submission.reservationId());
        printable("requestId", submission.requestId());
    }

    /** True for an id a task can have been stored with. */
    static boolean isTaskId(String id) {
        return id != null && TASK_ID.matcher(id).matches();
    }

    static Task toTask(TaskSubmission submission, String requestJson, Instant now) {
        Task task = new Task();
        task.id = submission.taskId();
        task.accountId = submission.accountId();
        task.keyId = submission.keyId();
        task.tier = submission.tier();
        task.mode = submission.mode();
        task.kind = submission.kind();
        task.model = submission.model();
        task.status = TaskStatus.QUEUED;
        task.reservationId = submission.reservationId();
        task.reservedMicro = submission.reservedMicro();
        task.requestJson = requestJson;
        task.requestId = submission.requestId();
        task.createdAt = now;
        task.updatedAt = now;
        return task;
    }

    private static void printable(String field, String value) {
        if (!StorableText.storable(value)) {
            throw ApiError.invalidValue(field, field + " must not contain control characters or unpaired surrogates.");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
