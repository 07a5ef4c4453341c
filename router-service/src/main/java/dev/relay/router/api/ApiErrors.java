package dev.relay.router.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Writes {@code {"error":{"message","type","param","code"}}}, the envelope every Relay service answers with. */
public class ApiErrors {

    @ServerExceptionMapper
    public Response map(ApiException e) {
        return envelope(e.status(), e.getMessage(), e.type(), e.param(), e.code());
    }

    static Response envelope(int status, String message, String type, String param, String code) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("error", error)).build();
    }
}
