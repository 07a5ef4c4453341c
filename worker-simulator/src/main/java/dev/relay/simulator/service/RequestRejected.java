package dev.relay.simulator.service;

/** A request the worker refuses before generating: the API layer maps the status onto its protocol's error shape. */
public class RequestRejected extends RuntimeException {

    private final int status;
    private final String type;

    public RequestRejected(int status, String type, String message) {
        super(message);
        this.status = status;
        this.type = type;
    }

    public static RequestRejected badRequest(String message) {
        return new RequestRejected(400, "BadRequestError", message);
    }

    public static RequestRejected unknownModel(String model) {
        return new RequestRejected(404, "NotFoundError", "The model `" + model + "` does not exist.");
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }
}
