package dev.relay.auth.api;

import dev.relay.contracts.internal.ApiError;
import dev.relay.contracts.internal.StorableText;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

/**
 * An id in the path that is not {@link StorableText} names nothing (no stored id has a control character or an
 * unpaired surrogate): 404 as for any unknown id, without asking PostgreSQL, which refuses a NUL outright. Runs after
 * {@link OperatorTokenFilter}, so a caller without the token learns nothing.
 */
@Provider
@Priority(Priorities.USER)
public class PathIdFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getUriInfo().getPathParameters().values().stream().flatMap(List::stream)
                .anyMatch(text -> !StorableText.storable(text))) {
            request.abortWith(ErrorEnvelope.response(ApiError.notFound("Not found")));
        }
    }
}
