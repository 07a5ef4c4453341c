package dev.relay.simulator.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.RoutingContext;

/** Ollama's error shape: {@code {"error":"..."}}. */
final class OllamaErrors {

    private OllamaErrors() {
    }

    static void send(ObjectMapper json, RoutingContext ctx, int status, String message) {
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8")
                .end(json.createObjectNode().put("error", message).toString());
    }
}
