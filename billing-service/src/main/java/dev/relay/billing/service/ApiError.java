package dev.relay.billing.service;

/** A refusal with an HTTP status, rendered in the OpenAI error envelope. Messages describe input, never secrets. */
public class ApiError extends RuntimeException {

    private final int status;
    private final String type;
    private final String code;
    private final String param;

    private ApiError(int status, String type, String code, String param, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
    }

    public static ApiError invalidValue(String param, String message) {
        return new ApiError(400, "invalid_request_error", "invalid_value", param, message);
    }

    public static ApiError invalidJson(String message) {
        return new ApiError(400, "invalid_request_error", "invalid_json", null, message);
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, "invalid_request_error", "not_found", null, message);
    }

    public static ApiError conflict(String param, String message) {
        return new ApiError(409, "invalid_request_error", "conflict", param, message);
    }

    public static ApiError unauthorized(String message) {
        return new ApiError(401, "authentication_error", "invalid_operator_token", null, message);
    }

    public static ApiError of(int status, String type, String code, String message) {
        return new ApiError(status, type, code, null, message);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String code() {
        return code;
    }

    public String param() {
        return param;
    }
}
