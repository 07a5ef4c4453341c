package dev.relay.billing.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.relay.contracts.internal.ApiError;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves in the OpenAI envelope {@code {"error":{"message","type","param","code"}}}. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Body(String message, String type, String param, String code) {
    }

    @ServerExceptionMapper
    public Response apiError(ApiError e) {
        return envelope(e.status(), e.getMessage(), e.type(), e.param(), e.code());
    }

    @ServerExceptionMapper
    public Response webError(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String type = status >= 500 ? "server_error" : "invalid_request_error";
        String code = switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 415 -> "unsupported_media_type";
            default -> status >= 500 ? "internal_error" : "invalid_request";
        };
        return envelope(status, e.getMessage(), type, null, code);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("request failed", e);
        return envelope(500, "Internal error.", "server_error", null, "internal_error");
    }

    private static Response envelope(int status, String message, String type, String param, String code) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", new Body(message, type, param, code))).build();
    }
}
