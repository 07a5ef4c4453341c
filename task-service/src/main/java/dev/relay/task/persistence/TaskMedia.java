package dev.relay.task.persistence;

/**
 * One stored medium of a task: a transcription's input audio ({@code input}) or an output ({@code 0}, {@code 1},
 * ...) that the task's result names by URL. Its bytes are never logged.
 *
 * @param accountId the uploader's account, which alone may read it (an input is stored before its task exists)
 * @param contentType the uploader's {@code Content-Type}, served back as it was given
 */
public record TaskMedia(String taskId, String name, String accountId, String contentType, byte[] bytes) {
}
