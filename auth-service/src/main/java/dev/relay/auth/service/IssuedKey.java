package dev.relay.auth.service;

import dev.relay.auth.persistence.ApiKey;

/** A key just created, with its secret: the only moment the secret exists outside the caller's hands. */
public record IssuedKey(ApiKey key, String secret) {

    @Override
    public String toString() {
        // Never let the secret reach a log through string conversion.
        return "IssuedKey[" + key.id() + "]";
    }
}
