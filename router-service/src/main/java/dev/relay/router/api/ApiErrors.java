package dev.relay.router.api;

import dev.relay.contracts.internal.ApiError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Writes {@code {"error":{"message","type","param","code"}}}, the envelope every Relay service answers with. */
public class ApiErrors {

    @ServerExceptionMapper
    public Response map(ApiError e) {
        Map<String, Object> error = new LinkedHashMap<>(); // keeps a null param, as OpenAI's envelope does
        error.put("message", e.getMessage());
        error.put("type", e.type());
        error.put("param", e.param());
        error.put("code", e.code());
        return Response.status(e.status()).type(MediaType.APPLICATION_JSON).entity(Map.of("error", error)).build();
    }
}
