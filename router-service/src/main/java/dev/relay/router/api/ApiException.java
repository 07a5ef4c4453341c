package dev.relay.router.api;

/** An answer other than 200, carried up to {@link ApiErrors} and written as the OpenAI-style error envelope. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String type;
    private final String param;
    private final String code;

    public ApiException(int status, String type, String param, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
    }

    public static ApiException invalid(String param, String code, String message) {
        return new ApiException(400, "invalid_request_error", param, code, message);
    }

    public static ApiException modelNotFound(String model) {
        return new ApiException(404, "invalid_request_error", "model", "model_not_found",
                "The model '" + model + "' does not exist or no worker serves it");
    }

    public static ApiException noWorker(String model, String mode) {
        return new ApiException(503, "invalid_request_error", "model", "no_worker_available",
                "No healthy worker can serve '" + model + "' in " + mode + " mode right now; retry shortly");
    }

    public static ApiException contextLengthExceeded(int window, int tokens) {
        return new ApiException(400, "invalid_request_error", "messages", "context_length_exceeded",
                "This model's maximum context length is " + window + " tokens, but the prompt has about " + tokens
                        + " tokens; shorten the messages");
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String param() {
        return param;
    }

    public String code() {
        return code;
    }
}
