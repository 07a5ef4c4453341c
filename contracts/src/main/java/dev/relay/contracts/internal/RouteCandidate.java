package dev.relay.contracts.internal;

/** One worker the request may go to; {@code model} is the id the worker itself knows the model by. */
public record RouteCandidate(
        String workerId,
        String baseUrl,
        String protocol,
        String mode,
        String model) {
}
