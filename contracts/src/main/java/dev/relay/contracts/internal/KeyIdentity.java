package dev.relay.contracts.internal;

import java.util.List;

/**
 * What auth-service tells a gateway about a presented key (looked up by SHA-256 hash).
 *
 * @param allowedModels empty means every model the tier allows
 */
public record KeyIdentity(
        String keyId,
        String accountId,
        String tier,
        int rpmLimit,
        List<String> allowedModels,
        boolean revoked) {
}
