package dev.relay.gateway.service;

import dev.relay.contracts.internal.RouteDecision;

/** A chat request that may run: where, and the credit held for it. */
public record Admitted(RouteDecision decision, Reservation reservation) {

    /** The model name billing knows: the router's resolved id when it gave one. */
    public String billedModel(String requested) {
        return decision.resolvedModel() != null ? decision.resolvedModel() : requested;
    }

    public String mode() {
        return decision.mode() != null ? decision.mode() : "direct";
    }
}
