package dev.relay.gateway.service;

import dev.relay.contracts.internal.TaskSubmission;
import java.util.Set;

/**
 * Which workers run which media task: the catalog's source (the workers' protocol) of each kind, and where a model of
 * a media source is called, for the answer to a request sent to the wrong endpoint.
 */
public final class MediaSources {

    public static final Set<String> ALL = Set.of("image", "audio", "video");

    private MediaSources() {
    }

    /** The source whose workers run tasks of {@code kind}: image, audio or video. */
    public static String of(String kind) {
        return switch (kind) {
            case TaskSubmission.IMAGE -> "image";
            case TaskSubmission.SPEECH, TaskSubmission.TRANSCRIPTION -> "audio";
            case TaskSubmission.VIDEO -> "video";
            default -> throw new IllegalArgumentException("not a media kind: " + kind);
        };
    }

    /** A 400 for a model called at an endpoint its workers do not serve, naming the endpoint(s) they do. */
    public static ApiFailure wrongEndpoint(String model, String source) {
        String where = switch (source == null ? "" : source) {
            case "image" -> "an image model: call POST /v2/image/" + model + "/generate";
            case "audio" -> "an audio model: call POST /v2/audio/tts/" + model + " or /v2/audio/asr/" + model;
            case "video" -> "a video model: call POST /v2/video/" + model + "/t2v";
            default -> "a chat model: call /v1/chat/completions (or /v2/anthropic/v1/messages, /v2/ollama/api/chat)";
        };
        return new ApiFailure(400, "invalid_request_error", "model_not_supported",
                "Model '" + model + "' is " + where, "model", null);
    }
}
