package dev.relay.contracts;

import java.time.Instant;

/** An API key was created, changed or revoked; gateways drop their cached identity for {@code keyHash}. */
public record KeyEvent(
        String eventId,
        Type type,
        String keyId,
        String keyHash,
        String accountId,
        Instant occurredAt) {

    public enum Type { CREATED, UPDATED, REVOKED }
}
