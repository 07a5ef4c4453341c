package dev.relay.gateway.dialect.ollama;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.gateway.dialect.ErrorResponses;
import dev.relay.gateway.service.ApiFailure;
import io.vertx.ext.web.RoutingContext;

/** Ollama's error shape: {@code {"error":"..."}}. */
public final class OllamaErrors {

    private OllamaErrors() {
    }

    public static String body(ObjectMapper json, String message) {
        return json.createObjectNode().put("error", message).toString();
    }

    public static void write(RoutingContext ctx, ObjectMapper json, ApiFailure failure) {
        ErrorResponses.send(ctx, failure, body(json, failure.getMessage()));
    }
}
