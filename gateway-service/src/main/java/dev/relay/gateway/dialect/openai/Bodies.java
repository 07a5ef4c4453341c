package dev.relay.gateway.dialect.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    /** The message of an OpenAI-style error a worker answered with, or a neutral one. */
    public static String errorMessage(ObjectMapper json, Buffer body) {
        JsonNode parsed = parseOrNull(json, body);
        return parsed != null && parsed.path("error").path("message").isTextual()
                ? parsed.path("error").path("message").asText() : "The worker rejected the request";
    }
}
