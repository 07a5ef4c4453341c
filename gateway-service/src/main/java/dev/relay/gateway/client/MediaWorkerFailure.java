package dev.relay.gateway.client;

/**
 * A media worker's call that did not succeed. {@link #retryable} when another worker may well succeed (no answer, a
 * timeout, a 5xx, an unreadable answer); otherwise the worker refused the request itself (a 4xx), which any other
 * would refuse too, and its status and message are the task's answer.
 */
public class MediaWorkerFailure extends RuntimeException {

    private final int status;
    private final boolean retryable;
    private final boolean timedOut;

    public MediaWorkerFailure(int status, String message, boolean retryable, boolean timedOut) {
        super(message, null, false, false);
        this.status = status;
        this.retryable = retryable;
        this.timedOut = timedOut;
    }

    public int status() {
        return status;
    }

    public boolean retryable() {
        return retryable;
    }

    public boolean timedOut() {
        return timedOut;
    }
}
