package dev.relay.contracts.internal;

import java.util.List;

/** Ordered candidates, best first, so a gateway can fail over without asking again. */
public record RouteDecision(
        String resolvedModel,
        String mode,
        String source,
        List<RouteCandidate> candidates) {
}
