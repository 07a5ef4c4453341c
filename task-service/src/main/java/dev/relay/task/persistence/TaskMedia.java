package dev.relay.task.persistence;

/**
 * One stored medium of a task: a transcription's input audio ({@code input}) or an output ({@code 0}, {@code 1},
 * ...) that the task's result names by URL. Its bytes are in chunks ({@link TaskMediaChunkRepository}), read one at a
 * time and never logged.
 *
 * @param version the upload that stored it, whose chunks hold its bytes; replacing the medium deletes them
 * @param contentType the uploader's {@code Content-Type}, served back as it was given
 * @param size its length in bytes, the sum of its chunks'
 */
public record TaskMedia(long version, String contentType, long size) {
}
