package dev.relay.gateway.service;

/**
 * A request the gateway refuses or cannot complete, with what the client needs to know. Each dialect renders it
 * in its own error shape. Messages are fixed texts chosen here: never a header value or a key.
 */
public class ApiFailure extends RuntimeException {

    private final int status;
    private final String type;
    private final String code;
    private final String param;
    private final Long retryAfterSeconds;

    public ApiFailure(int status, String type, String code, String message, String param, Long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public ApiFailure(int status, String type, String code, String message) {
        this(status, type, code, message, null, null);
    }

    public static ApiFailure invalidRequest(String message, String param) {
        return new ApiFailure(400, "invalid_request_error", "invalid_request_error", message, param, null);
    }

    public static ApiFailure invalidKey() {
        return new ApiFailure(401, "invalid_request_error", "invalid_api_key", "Invalid API key");
    }

    public static ApiFailure keyRequired() {
        return new ApiFailure(401, "invalid_request_error", "invalid_api_key",
                "This endpoint needs an API key (X-API-Key or Authorization: Bearer)");
    }

    public static ApiFailure modelNotFound(String model) {
        return new ApiFailure(404, "invalid_request_error", "model_not_found",
                "The model '" + model + "' does not exist", "model", null);
    }

    public static ApiFailure notFound(String message) {
        return new ApiFailure(404, "invalid_request_error", "not_found", message);
    }

    public static ApiFailure modelNotAllowed(String model) {
        return new ApiFailure(403, "invalid_request_error", "model_not_allowed",
                "The model '" + model + "' is not available to this caller", "model", null);
    }

    /** A key restricted to some models may not manage what reaches the whole account's data, such as webhooks. */
    public static ApiFailure keyPermissionDenied(String message) {
        return new ApiFailure(403, "invalid_request_error", "key_permission_denied", message);
    }

    public static ApiFailure insufficientCredits() {
        return new ApiFailure(402, "insufficient_quota", "insufficient_credits",
                "Not enough credits for the worst-case cost of this request");
    }

    /** The 402 with what to do about it: what the request may cost, what there is, and what drives the cost. */
    public static ApiFailure insufficientCredits(long costMicro, long availableMicro) {
        return insufficientCredits(costMicro, availableMicro, "its prompt, and max_tokens times n, at the model's price",
                "Lower max_tokens, or add credit.");
    }

    /** As {@link #insufficientCredits(long, long)}, saying what drives this request's cost and how to lower it. */
    public static ApiFailure insufficientCredits(long costMicro, long availableMicro, String drivenBy, String remedy) {
        return new ApiFailure(402, "insufficient_quota", "insufficient_credits", "Not enough credits: this request "
                + "may cost up to " + costMicro + " micro-dollars (" + drivenBy + "), and "
                + Math.max(0, availableMicro) + " are available (the balance less what running requests hold). "
                + remedy);
    }

    public static ApiFailure rateLimited(RateDecision decision) {
        return new ApiFailure(429, "requests", "rate_limit_exceeded",
                "Rate limit of " + decision.limit() + " requests per minute reached", null, decision.resetSeconds());
    }

    /** Past an address's wrong keys a minute: a 429 of its own words, so that no one reads it as their key's limit. */
    public static ApiFailure tooManyWrongKeys(RateDecision decision) {
        return new ApiFailure(429, "requests", "rate_limit_exceeded", "Too many wrong API keys from this address ("
                + decision.limit() + " a minute); check the key, and retry in " + decision.resetSeconds() + " s", null,
                decision.resetSeconds());
    }

    public static ApiFailure upstream(String message) {
        return new ApiFailure(502, "server_error", "upstream_error", message);
    }

    /** No worker of the route served the request, and none is known to be merely busy. */
    public static ApiFailure noWorkerServed() {
        return upstream("No worker could serve the request");
    }

    public static ApiFailure upstreamTimeout() {
        return new ApiFailure(504, "server_error", "upstream_timeout", "The worker did not answer in time");
    }

    /** A 503: retry shortly, and {@code Retry-After} says how shortly, as the SDKs' own retries read it. */
    public static ApiFailure unavailable(String message) {
        return new ApiFailure(503, "server_error", "service_unavailable", message, null, 1L);
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

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
