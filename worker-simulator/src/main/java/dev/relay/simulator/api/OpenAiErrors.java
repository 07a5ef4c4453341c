package dev.relay.simulator.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.simulator.service.MediaRejected;
import io.vertx.ext.web.RoutingContext;

/**
 * The OpenAI error envelope {@code {"error":{"message","type","param","code"}}}: as vLLM fills it for chat
 * ({@code code} the HTTP status), and as OpenAI's own API fills it for media endpoints ({@code code} a reason such
 * as {@code model_not_found}, {@code param} the field at fault).
 */
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

    static void send(ObjectMapper json, RoutingContext ctx, MediaRejected rejected) {
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        ObjectNode body = json.createObjectNode();
        ObjectNode error = body.putObject("error").put("message", rejected.getMessage()).put("type", rejected.type());
        error.put("param", rejected.param()).put("code", rejected.code()); // JSON null when absent
        ctx.response().setStatusCode(rejected.status()).putHeader("content-type", "application/json")
                .end(body.toString());
    }
}
