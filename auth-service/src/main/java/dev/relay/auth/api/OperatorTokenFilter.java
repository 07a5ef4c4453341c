package dev.relay.auth.api;

import dev.relay.contracts.internal.ApiError;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/** Refuses every {@link OperatorOnly} call that {@link OperatorToken} does not admit; nothing if none is configured. */
@Provider
@OperatorOnly
@Priority(Priorities.AUTHENTICATION)
public class OperatorTokenFilter implements ContainerRequestFilter {

    private final OperatorToken token;

    public OperatorTokenFilter(OperatorToken token) {
        this.token = token;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!token.configured()) {
            request.abortWith(ErrorEnvelope.response(
                    ApiError.unauthorized("The operator API is disabled: RELAY_OPERATOR_TOKEN is not set")));
        } else if (!token.admits(request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
            request.abortWith(ErrorEnvelope.response(ApiError.unauthorized("Invalid or missing operator token")));
        }
    }
}
