package dev.relay.task.api;

import dev.relay.contracts.internal.ApiError;
import dev.relay.task.service.MediaReplacedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every refusal in the OpenAI envelope {@code {"error":{"message","type","param","code"}}}, never a stack trace. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response refused(ApiError error) {
        return envelope(error);
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException failure) {
        return envelope(ApiError.ofStatus(failure.getResponse().getStatus()));
    }

    /** A download whose media were replaced or deleted before a byte of them was sent: a retry gets the new ones. */
    @ServerExceptionMapper
    public Response replacedBeforeSent(MediaReplacedException replaced) {
        LOG.infof("media download refused: %s", replaced.getMessage());
        return envelope(ApiError.of(503, "server_error", "media_changed",
                "The media changed while they were read; retry."));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception failure) {
        LOG.error("request failed", failure);
        return envelope(ApiError.of(500, "server_error", "internal_error", "Internal error."));
    }

    /** A refusal to be tried again after {@code retryAfterSeconds}, said in {@code Retry-After} too. */
    static Response retryLater(ApiError error, long retryAfterSeconds) {
        return enveloped(error).header("Retry-After", retryAfterSeconds).build();
    }

    private static Response envelope(ApiError error) {
        return enveloped(error).build();
    }

    private static Response.ResponseBuilder enveloped(ApiError error) {
        return Response.status(error.status()).type(MediaType.APPLICATION_JSON).entity(body(error));
    }

    /** The envelope's body, also written by handlers that answer before any resource runs. */
    static Map<String, Object> body(ApiError error) {
        // A HashMap, not Map.of: param is null more often than not and must still be written.
        Map<String, Object> fields = new java.util.HashMap<>();
        fields.put("message", error.getMessage());
        fields.put("type", error.type());
        fields.put("param", error.param());
        fields.put("code", error.code());
        return Map.of("error", fields);
    }
}
