package dev.relay.gateway.proxy;

/** A worker answered, but not in its protocol: treated like a failed worker. */
public class WorkerAnswerException extends RuntimeException {

    public WorkerAnswerException(String message, Throwable cause) {
        super(message, cause);
    }
}
