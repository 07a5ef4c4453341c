package dev.relay.gateway.dialect.anthropic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.gateway.dialect.ErrorResponses;
import dev.relay.gateway.service.ApiFailure;
import io.vertx.ext.web.RoutingContext;

/** Anthropic's error shape: {@code {"type":"error","error":{"type","message"}}}, typed by status. */
public final class AnthropicErrors {

    private AnthropicErrors() {
    }

    public static String type(int status) {
        return switch (status) {
            case 400, 415, 422 -> "invalid_request_error"; // a 4xx of the client's own, not the API's fault
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            default -> "api_error";
        };
    }

    public static ObjectNode body(ObjectMapper json, int status, String message) {
        ObjectNode root = json.createObjectNode().put("type", "error");
        root.putObject("error").put("type", type(status)).put("message", message);
        return root;
    }

    public static void write(RoutingContext ctx, ObjectMapper json, ApiFailure failure) {
        ErrorResponses.send(ctx, failure, body(json, failure.status(), failure.getMessage()).toString());
    }
}
