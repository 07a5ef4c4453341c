package dev.relay.auth.api;

import dev.relay.contracts.internal.ApiError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The OpenAI error shape: {@code {"error":{"message","type","param","code"}}}. */
public record ErrorEnvelope(Body error) {

    public record Body(String message, String type, String param, String code) {
    }

    public static Response response(ApiError failure) {
        return Response.status(failure.status()).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorEnvelope(new Body(failure.getMessage(), failure.type(), failure.param(), failure.code())))
                .build();
    }
}
