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
        int status = failure.getResponse().getStatus();
        String type = status >= 500 ? "server_error" : "invalid_request_error";
        String message = status == 404 ? "Not found" : status == 405 ? "Method not allowed"
                : status == 415 ? "Unsupported media type" : "Request refused";
        return ErrorEnvelope.response(ApiError.of(status, type, "http_" + status, message));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception failure) {
        LOG.error("request failed", failure);
        return ErrorEnvelope.response(ApiError.of(500, "server_error", "internal_error", "Internal error"));
    }
}
