package dev.relay.simulator.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;

/** The OpenAI error envelope vLLM answers with: {@code {"error":{"message","type","param","code"}}}. */
final class OpenAiErrors {

    private OpenAiErrors() {
    }

    static void send(ObjectMapper json, RoutingContext ctx, int status, String type, String message) {
        if (ctx.response().headWritten()) {
            ctx.response().reset(); // mid-stream there is no status left to send: drop, as a crashed worker would
            return;
        }
        ObjectNode body = json.createObjectNode();
        body.putObject("error").put("message", message).put("type", type).putNull("param").put("code", status);
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.toString());
    }
}
