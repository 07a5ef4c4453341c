package dev.relay.contracts.internal;

import java.util.Map;

/**
 * An admitted asynchronous request: what a gateway asks task-service to accept ({@code POST /internal/tasks}) and
 * what an executor then runs (inside {@link dev.relay.contracts.TaskRequested}). The gateway chose the task id, so a
 * retried call creates nothing twice.
 *
 * @param taskId {@code direct:<uuid>} or {@code opengpu:<uuid>}
 * @param kind what to run: {@link #CHAT} (an OpenAI chat completion), {@link #IMAGE}, {@link #SPEECH},
 *     {@link #TRANSCRIPTION} or {@link #VIDEO}
 * @param mode {@code direct} or {@code opengpu}, as admitted (the task id's prefix)
 * @param model the model as the client named it (the executor routes it again)
 * @param reservationId the credit held when the task was admitted; the task's usage event settles it
 * @param body the request as forwarded to a worker: for chat the OpenAI chat request, Relay's own fields removed and
 *     the output budget set; for media the worker's OpenAI-compatible request (an input too large for an event, the
 *     audio to transcribe, is stored with task-service and named in it)
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
    /** Images from a prompt: an OpenAI {@code /v1/images/generations} request. */
    public static final String IMAGE = "image";
    /** Speech from text: an OpenAI {@code /v1/audio/speech} request. */
    public static final String SPEECH = "speech";
    /** Text from speech: an OpenAI {@code /v1/audio/transcriptions} request, its audio stored with task-service. */
    public static final String TRANSCRIPTION = "transcription";
    /** A video from a prompt: an OpenAI {@code /v1/videos} request. */
    public static final String VIDEO = "video";
}
