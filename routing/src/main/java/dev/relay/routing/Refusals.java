package dev.relay.routing;

import dev.relay.contracts.internal.ApiError;

/** The router's refusals, in the error envelope every Relay service answers with ({@link ApiError}). */
public final class Refusals {

    private static final String INVALID_REQUEST = "invalid_request_error";

    private Refusals() {
    }

    public static ApiError invalid(String param, String code, String message) {
        return ApiError.of(400, INVALID_REQUEST, code, param, message);
    }

    public static ApiError modelNotFound(String model) {
        return ApiError.of(404, INVALID_REQUEST, "model_not_found", "model",
                "The model '" + model + "' does not exist or no worker serves it");
    }

    public static ApiError workerNotFound(String workerId) {
        return ApiError.of(404, INVALID_REQUEST, "worker_not_found", "workerId",
                "No worker '" + workerId + "' is registered");
    }

    /** OpenAI's code and param for a prompt too long for the model, so clients recognise it. */
    public static ApiError contextLengthExceeded(int window, int tokens) {
        return ApiError.of(400, INVALID_REQUEST, "context_length_exceeded", "messages",
                "This model's maximum context length is " + window + " tokens, but the prompt has about " + tokens
                        + " tokens; shorten the messages");
    }

    public static ApiError notServedInMode(String model, String mode) {
        return ApiError.of(400, INVALID_REQUEST, "model_not_available_in_mode", "mode",
                "The model '" + model + "' is not served in " + mode + " mode; ask without a mode (mode 'auto') to"
                        + " run it where it is served");
    }

    public static ApiError modeConflict(String model, String requestedMode, String namedMode) {
        return invalid("mode", "mode_conflict", "'mode' is " + requestedMode + " but the model '" + model + "' names "
                + namedMode + " mode; send one of them");
    }

    public static ApiError noWorker(String model, String mode) {
        return ApiError.of(503, INVALID_REQUEST, "no_worker_available", "model",
                "No healthy worker can serve '" + model + "' in " + mode + " mode right now; retry shortly");
    }
}
