package dev.relay.gateway.client;

import java.util.concurrent.TimeoutException;

/**
 * A media worker's call that did not succeed. {@link #retryable} when another worker may well succeed (no answer, a
 * timeout, a 5xx, an unreadable answer); otherwise the worker refused the request itself (a 4xx), which any other
 * would refuse too, and its status and message are the task's answer, or it answered more than the gateway reads (a
 * 502), which any other would answer too.
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

    /**
     * A call that got no answer, or whose answer broke off: 504 after a timeout (the call's timeout counts silence),
     * else 502 with {@code message}; either way another worker may do better.
     */
    static MediaWorkerFailure unanswered(Throwable failure, String message) {
        if (failure instanceof MediaWorkerFailure known) {
            return known;
        }
        return failure instanceof TimeoutException
                ? new MediaWorkerFailure(504, "The worker did not answer in time", true, true)
                : new MediaWorkerFailure(502, message, true, false);
    }

    /** An answer cut off past {@code maxBytes}, the most the gateway reads of {@code what}. */
    public static MediaWorkerFailure answerTooLarge(String what, long maxBytes) {
        long mib = 1024 * 1024;
        String most = maxBytes % mib == 0 ? maxBytes / mib + " MiB" : maxBytes + " bytes";
        return new MediaWorkerFailure(502, "The worker's answer is larger than the gateway reads of " + what + " ("
                + most + ")", false, false);
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
