package dev.relay.gateway.dialect.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.gateway.dialect.ErrorResponses;
import dev.relay.gateway.service.ApiFailure;
import io.vertx.ext.web.RoutingContext;

/** The OpenAI error envelope: {@code {"error":{"message","type","param","code"}}}. */
public final class OpenAiErrors {

    private OpenAiErrors() {
    }

    public static ObjectNode envelope(ObjectMapper json, ApiFailure failure) {
        ObjectNode root = json.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", failure.getMessage());
        error.put("type", failure.type());
        if (failure.param() == null) {
            error.putNull("param");
        } else {
            error.put("param", failure.param());
        }
        error.put("code", failure.code());
        return root;
    }

    public static void write(RoutingContext ctx, ObjectMapper json, ApiFailure failure) {
        ErrorResponses.send(ctx, failure, envelope(json, failure).toString());
    }
}
