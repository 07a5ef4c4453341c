package dev.relay.gateway.client;

/**
 * task-service refused to store media (a 4xx other than 409): asking again would be refused again, so it is neither
 * retried nor counted against the store's circuit breaker, which other accounts' tasks rely on.
 */
public class MediaStoreRefusal extends RuntimeException {

    private final int status;

    public MediaStoreRefusal(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
