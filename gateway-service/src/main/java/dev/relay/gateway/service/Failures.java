package dev.relay.gateway.service;

import dev.relay.gateway.client.PeerException;
import org.jboss.logging.Logger;

/** Anything that went wrong, as an answer for the client: never a 500, never an internal message. */
public final class Failures {

    private static final Logger LOG = Logger.getLogger(Failures.class);

    private Failures() {
    }

    public static ApiFailure toApi(Throwable failure) {
        if (failure instanceof ApiFailure api) {
            return api;
        }
        if (failure instanceof PeerException || failure instanceof java.util.concurrent.TimeoutException
                || failure instanceof org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException
                || failure instanceof java.net.ConnectException
                || failure instanceof io.vertx.core.VertxException || brokenConnection(failure)) {
            LOG.warnf("a dependency failed: %s", failure.getClass().getSimpleName() + ": " + failure.getMessage());
            return ApiFailure.unavailable("A Relay dependency is unavailable, retry shortly");
        }
        LOG.errorf("unexpected failure: %s", failure.getClass().getName());
        return ApiFailure.unavailable("The request could not be served, retry shortly");
    }

    /** A connection to a peer that broke ("Broken pipe", a reset): not JSON that would not parse, also an IOException. */
    private static boolean brokenConnection(Throwable failure) {
        return failure instanceof java.io.IOException && !(failure instanceof com.fasterxml.jackson.core.JacksonException);
    }
}
