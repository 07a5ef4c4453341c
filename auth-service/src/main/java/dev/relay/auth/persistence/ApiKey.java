package dev.relay.auth.persistence;

import java.time.Instant;
import java.util.List;

/** A stored key: its hash and display prefix, never the secret. */
public record ApiKey(
        String id,
        String accountId,
        String name,
        String prefix,
        String keyHash,
        int rpmLimit,
        List<String> allowedModels,
        Instant createdAt,
        Instant lastUsedAt) {
}
