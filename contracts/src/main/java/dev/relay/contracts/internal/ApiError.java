package dev.relay.contracts.internal;

/**
 * A refusal on an internal or operator API, with its HTTP status, rendered by each service in the OpenAI error
 * envelope {@code {"error":{message,type,param,code}}} (the gateway passes these bodies to clients, so they are
 * part of the wire contract). Messages describe the input, never echo a secret.
 */
public class ApiError extends RuntimeException {

    private final int status;
    private final String type;
    private final String param;
    private final String code;

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

    /**
     * A body field no endpoint takes (a misspelt one would silently take its default), named as it may be echoed:
     * short, and only if it has no characters a terminal or a log would act on.
     */
    public static ApiError unknownParameter(String field) {
        String shown = field.length() > 64 ? field.substring(0, 64) + "..." : field;
        shown = StorableText.storable(shown) ? shown : "(a field name with control characters)";
        return new ApiError(400, "invalid_request_error", "unknown_parameter", shown.equals(field) ? field : null,
                "Unrecognized request argument supplied: " + shown);
    }

    public static ApiError conflict(String param, String message) {
        return new ApiError(409, "invalid_request_error", "conflict", param, message);
    }

    public static ApiError unauthorized(String message) {
        return new ApiError(401, "authentication_error", "invalid_operator_token", null, message);
    }

    /**
     * A refusal the web framework made before any resource ran (no such path, wrong method, unreadable body), with
     * a code a client can branch on rather than the bare status.
     */
    public static ApiError ofStatus(int status) {
        return switch (status) {
            case 400 -> invalidJson("The request body could not be read");
            case 404 -> notFound("Not found");
            case 405 -> of(405, "invalid_request_error", "method_not_allowed", "Method not allowed");
            case 415 -> of(415, "invalid_request_error", "unsupported_media_type", "Unsupported media type");
            default -> status >= 500 ? of(status, "server_error", "internal_error", "Internal error")
                    : of(status, "invalid_request_error", "request_refused", "Request refused");
        };
    }

    public static ApiError of(int status, String type, String code, String message) {
        return new ApiError(status, type, code, null, message);
    }

    /** A refusal that names the offending request field ({@code param}). */
    public static ApiError of(int status, String type, String code, String param, String message) {
        return new ApiError(status, type, code, param, message);
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
