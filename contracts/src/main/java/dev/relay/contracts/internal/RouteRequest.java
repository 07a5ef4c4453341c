package dev.relay.contracts.internal;

import java.util.List;

/**
 * A gateway asks router-service where to run one request.
 *
 * @param model model id or alias as the client sent it (may carry a {@code mode.source.} prefix)
 * @param mode {@code auto}, {@code direct} or {@code opengpu}
 * @param prefixHashes hashes of fixed-size prompt blocks, in order, for prefix-cache affinity (may be empty)
 */
public record RouteRequest(
        String model,
        String mode,
        String tier,
        List<Long> prefixHashes,
        int promptTokensEstimate) {
}
