package dev.relay.simulator.service;

/**
 * A media request the worker refuses, in OpenAI's terms: the HTTP status and the envelope's {@code type},
 * {@code param} (the offending field, or null) and {@code code} (a machine-readable reason, or null).
 */
public class MediaRejected extends RuntimeException {

    public static final String INVALID_REQUEST = "invalid_request_error";

    private final int status;
    private final String type;
    private final String param;
    private final String code;

    public MediaRejected(int status, String type, String param, String code, String message) {
        super(message);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
    }

    public static MediaRejected invalid(String param, String message) {
        return new MediaRejected(400, INVALID_REQUEST, param, "invalid_value", message);
    }

    public static MediaRejected missing(String param) {
        return new MediaRejected(400, INVALID_REQUEST, param, "missing_required_parameter",
                "Missing required parameter: '" + param + "'.");
    }

    public static MediaRejected unknownModel(String model) {
        return new MediaRejected(404, INVALID_REQUEST, "model", "model_not_found",
                "The model `" + model + "` does not exist or you do not have access to it.");
    }

    public static MediaRejected notFound(String message) {
        return new MediaRejected(404, INVALID_REQUEST, null, "not_found", message);
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
