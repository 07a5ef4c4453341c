package dev.relay.contracts;

import dev.relay.contracts.internal.TaskSubmission;
import java.time.Instant;

/**
 * An accepted asynchronous task, published by task-service on {@link Topics#TASKS_REQUESTED} (key = task id) once its
 * row exists. The submission it carries is everything an executor needs to run the task without asking anyone: who
 * pays, the credit already held for it, and the request as a worker gets it.
 */
public record TaskRequested(
        String eventId,
        TaskSubmission task,
        Instant occurredAt) {
}
