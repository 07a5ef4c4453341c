package dev.relay.auth.api;

import dev.relay.contracts.internal.ApiError;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every failure leaves in the OpenAI envelope; nothing unexpected turns into a stack trace for the caller. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response apiError(ApiError failure) {
        return ErrorEnvelope.response(failure);
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException failure) {
        return ErrorEnvelope.response(ApiError.ofStatus(failure.getResponse().getStatus()));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception failure) {
        LOG.error("request failed", failure);
        return ErrorEnvelope.response(ApiError.of(500, "server_error", "internal_error", "Internal error"));
    }
}
