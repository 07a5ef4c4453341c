package dev.relay.gateway.client;

/**
 * Media task-service does not keep: it refused them (a 4xx other than 409), or the gateway cut them off past
 * task-service's limit before it could. Asking again would be refused again, so it is neither retried nor counted
 * against the store's circuit breaker, which other accounts' tasks rely on.
 */
public class MediaStoreRefusal extends RuntimeException {

    private final int status;

    public MediaStoreRefusal(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** Past task-service's limit: its 413, or the gateway's own cut-off at the same size. */
    public static MediaStoreRefusal tooLarge() {
        return new MediaStoreRefusal(413, "The media are larger than Relay keeps for a task");
    }

    public int status() {
        return status;
    }
}
