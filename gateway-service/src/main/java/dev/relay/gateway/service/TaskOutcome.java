package dev.relay.gateway.service;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** How an async task ended: the answer the client would have got (as JSON), or the failure it would have got. */
public record TaskOutcome(ObjectNode result, ApiFailure failure) {

    public static TaskOutcome completed(ObjectNode result) {
        return new TaskOutcome(result, null);
    }

    public static TaskOutcome failed(ApiFailure failure) {
        return new TaskOutcome(null, failure);
    }
}
