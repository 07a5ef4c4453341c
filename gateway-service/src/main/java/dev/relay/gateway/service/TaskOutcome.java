package dev.relay.gateway.service;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How an async task ended: the answer the client would have got (as JSON), or the failure it would have got; or
 * neither, when this gateway's shutdown kept it from starting or cut it off, and it is left to another replica
 * ({@link #left}).
 */
public record TaskOutcome(ObjectNode result, ApiFailure failure) {

    private static final TaskOutcome LEFT = new TaskOutcome(null, null);

    public static TaskOutcome completed(ObjectNode result) {
        return new TaskOutcome(result, null);
    }

    public static TaskOutcome failed(ApiFailure failure) {
        return new TaskOutcome(null, failure);
    }

    /** Not started, or cut off, by this gateway's shutdown: left to the replica that takes the task over. */
    public static TaskOutcome leftForAnotherReplica() {
        return LEFT;
    }

    public boolean left() {
        return result == null && failure == null;
    }
}
