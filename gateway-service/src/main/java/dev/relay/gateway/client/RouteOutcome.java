package dev.relay.gateway.client;

import dev.relay.contracts.internal.RouteDecision;

/** The router's answer as a value: a decision, an unknown model (404) or no healthy worker (503). */
public record RouteOutcome(int status, RouteDecision decision) {

    public boolean found() {
        return status == 200 && decision != null;
    }
}
