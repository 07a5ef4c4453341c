package dev.relay.gateway.dialect.media;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A media request as read and checked: what to run ({@code TaskSubmission} kind), on which model and in which mode,
 * the request a worker gets (its {@code model} set when a worker is chosen), and the most it can use, which the
 * credit held covers.
 *
 * @param images the most images it can make (image generation), else 0
 * @param mediaMillis the most milliseconds of audio or video it can make or read, else 0
 * @param input the audio to transcribe, stored with task-service before the task is queued; else null
 */
public record MediaCall(String kind, String model, String mode, ObjectNode workerBody, long images, long mediaMillis,
        MediaInput input, String requestId) {

    /** Bytes a task reads, too large for its event, and their type. */
    public record MediaInput(byte[] bytes, String contentType) {
    }
}
