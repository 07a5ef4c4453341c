package dev.relay.gateway.client;

import dev.relay.contracts.internal.RouteDecision;
import dev.relay.gateway.service.ApiFailure;

/**
 * The router's answer as a value: a decision, an unknown model (404), no healthy worker (503), or a request no
 * worker can take (400, e.g. a prompt longer than every context window), whose refusal is passed to the client.
 */
public record RouteOutcome(int status, RouteDecision decision, ApiFailure refusal) {
}
