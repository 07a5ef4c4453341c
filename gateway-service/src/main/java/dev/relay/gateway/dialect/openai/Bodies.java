package dev.relay.gateway.dialect.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.gateway.service.ApiFailure;
import io.vertx.core.buffer.Buffer;

/** Lenient reading of bodies we only pass on. */
public final class Bodies {

    private Bodies() {
    }

    public static JsonNode parseOrNull(ObjectMapper json, Buffer body) {
        try {
            return body == null || body.length() == 0 ? null : json.readTree(body.getBytes());
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * A worker's refusal as an OpenAI error, whatever shape the worker gave it (Ollama's is a bare string, vLLM's code
     * a number): its message, and its type, param and code where they are strings, as OpenAI writes them.
     */
    public static ApiFailure refusal(ObjectMapper json, int status, Buffer body) {
        JsonNode error = error(json, body);
        return new ApiFailure(status, text(error, "type", "invalid_request_error"),
                text(error, "code", "worker_rejected"), message(error), text(error, "param", null), null);
    }

    private static String text(JsonNode error, String field, String otherwise) {
        return error != null && error.path(field).isTextual() ? error.path(field).asText() : otherwise;
    }

    /**
     * The message of the error a worker answered with: OpenAI's and vLLM's {@code {"error":{"message":...}}} or
     * Ollama's {@code {"error":"..."}}; else a neutral one.
     */
    public static String errorMessage(ObjectMapper json, Buffer body) {
        return message(error(json, body));
    }

    /** The body's {@code error} member; null when the body is not JSON. */
    private static JsonNode error(ObjectMapper json, Buffer body) {
        return parseOrNull(json, body) instanceof JsonNode parsed ? parsed.path("error") : null;
    }

    private static String message(JsonNode error) {
        if (error != null && error.path("message").isTextual()) {
            return error.path("message").asText();
        }
        return error != null && error.isTextual() && !error.asText().isBlank() ? error.asText()
                : "The worker rejected the request";
    }
}
