package dev.relay.contracts.internal;

import java.util.Map;

/**
 * An admitted asynchronous request: what a gateway asks task-service to accept ({@code POST /internal/tasks}) and
 * what an executor then runs (inside {@link dev.relay.contracts.TaskRequested}). The gateway chose the task id, so a
 * retried call creates nothing twice.
 *
 * @param taskId {@code direct:<uuid>} or {@code opengpu:<uuid>}
 * @param kind what to run: {@link #CHAT} (an OpenAI chat completion) for now
 * @param mode {@code direct} or {@code opengpu}, as admitted (the task id's prefix)
 * @param model the model as the client named it (the executor routes it again)
 * @param reservationId the credit held when the task was admitted; the task's usage event settles it
 * @param body the OpenAI chat request as forwarded to a worker: Relay's own fields removed, output budget set
 * @param requestId the submitting request's {@code x-request-id}, which the task's usage is listed under (null from
 *     producers that predate it: the task id stands in)
 */
public record TaskSubmission(
        String taskId,
        String kind,
        String accountId,
        String keyId,
        String tier,
        String mode,
        String model,
        String reservationId,
        long reservedMicro,
        Map<String, Object> body,
        String requestId) {

    public static final String CHAT = "chat";
}
