package dev.relay.gateway.client;

/** A peer service answered with something it should not have (or not at all); counts against its breaker. */
public class PeerException extends RuntimeException {

    public PeerException(String message) {
        super(message);
    }

    public PeerException(String message, Throwable cause) {
        super(message, cause);
    }
}
