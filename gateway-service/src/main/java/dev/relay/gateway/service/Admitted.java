package dev.relay.gateway.service;

import dev.relay.contracts.internal.RouteDecision;
import dev.relay.gateway.proxy.ChatCall;

/**
 * A chat request that may run: the call as it will be sent (output budget set), where, the credit held, and its
 * place in the rate window (for the response headers).
 */
public record Admitted(ChatCall call, RouteDecision decision, Reservation reservation, RateDecision rate) {

    /** The model name billing knows: the router's resolved id when it gave one. */
    public String billedModel(String requested) {
        return billedModel(decision, requested);
    }

    static String billedModel(RouteDecision decision, String requested) {
        return decision.resolvedModel() != null ? decision.resolvedModel() : requested;
    }

    public String mode() {
        return modeOf(decision);
    }

    /** The mode the router chose; {@code direct} when it named none. */
    static String modeOf(RouteDecision decision) {
        return decision.mode() != null ? decision.mode() : "direct";
    }

    /** The id the request's task goes by: {@code direct:<id>} or {@code opengpu:<id>}, by the mode it runs in. */
    public String taskId(String id) {
        return ("opengpu".equals(mode()) ? "opengpu:" : "direct:") + id;
    }
}
