package dev.relay.contracts;

import java.time.Instant;
import java.util.Map;

/**
 * A task's progress, published by its executor on {@link Topics#TASKS_STATUS} (key = task id). task-service applies
 * them idempotently: a terminal status ({@link #COMPLETED}, {@link #FAILED}) is final, so replays and late
 * {@link #RUNNING} events change nothing. {@link #QUEUED} is published by an executor that stopped before it could
 * finish a task it announced running (it shut down): the task waits for another executor again.
 *
 * @param result for {@link #COMPLETED}: the answer (an OpenAI {@code chat.completion} for chat tasks)
 * @param errorStatus for {@link #FAILED}: the HTTP status the request would have been answered with (502, 404, ...)
 */
public record TaskStatus(
        String eventId,
        String taskId,
        String status,
        Map<String, Object> result,
        Integer errorStatus,
        String errorCode,
        String errorMessage,
        Instant occurredAt) {

    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
}
