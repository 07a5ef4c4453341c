package dev.relay.gateway.dialect.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.gateway.service.ApiFailure;
import io.vertx.core.buffer.Buffer;
import java.util.Set;

/** Lenient reading of bodies we only pass on. */
public final class Bodies {

    /** The error types OpenAI's SDKs know; a worker's own (vLLM's {@code BadRequestError}) is not passed on. */
    private static final Set<String> OPENAI_TYPES = Set.of("invalid_request_error", "authentication_error",
            "permission_error", "not_found_error", "rate_limit_error", "server_error");

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
     * a number): its message, and its param and code where they are strings, as OpenAI writes them. A prompt and
     * output budget over the context window is OpenAI's {@code context_length_exceeded}, which vLLM only says in
     * words; anything else without a code of its own is {@code worker_rejected}.
     */
    public static ApiFailure refusal(ObjectMapper json, int status, Buffer body) {
        JsonNode error = error(json, body);
        String type = text(error, "type", "");
        String message = message(error);
        boolean tooLong = message.contains("maximum context length");
        return new ApiFailure(status, OPENAI_TYPES.contains(type) ? type : "invalid_request_error",
                text(error, "code", tooLong ? "context_length_exceeded" : "worker_rejected"), message,
                text(error, "param", tooLong ? "messages" : null), null);
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

    /**
     * The body's {@code error} member, or the body itself where it is the error (vLLM's {@code {"object":"error",
     * "message":...}}); null when the body is not JSON.
     */
    private static JsonNode error(ObjectMapper json, Buffer body) {
        if (!(parseOrNull(json, body) instanceof JsonNode parsed)) {
            return null;
        }
        return !parsed.has("error") && "error".equals(parsed.path("object").asText()) ? parsed : parsed.path("error");
    }

    private static String message(JsonNode error) {
        if (error != null && error.path("message").isTextual()) {
            return error.path("message").asText();
        }
        return error != null && error.isTextual() && !error.asText().isBlank() ? error.asText()
                : "The worker rejected the request";
    }
}
