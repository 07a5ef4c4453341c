package dev.relay.simulator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.simulator.service.MediaRejected;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;

/**
 * Reading the fields of a media request, each refusal a 400 naming the field as OpenAI does ({@code param}).
 * Fields the worker does not know are ignored, as OpenAI-compatible servers do.
 */
final class MediaFields {

    private MediaFields() {
    }

    /** The JSON object a media request carries. */
    static ObjectNode object(ObjectMapper json, RoutingContext ctx) {
        return object(json, ctx.body().asString());
    }

    static ObjectNode object(ObjectMapper json, byte[] body, int length) {
        return object(json, new String(body, 0, length, StandardCharsets.UTF_8));
    }

    private static ObjectNode object(ObjectMapper json, String text) {
        if (text == null || text.isBlank()) {
            throw MediaRejected.invalid(null, "The request body is empty; a JSON object is expected.");
        }
        JsonNode body;
        try {
            body = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MediaRejected(400, MediaRejected.INVALID_REQUEST, null, "invalid_json",
                    "The request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(body instanceof ObjectNode object)) {
            throw MediaRejected.invalid(null, "The request body must be a JSON object.");
        }
        return object;
    }

    static String requiredText(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw MediaRejected.missing(field);
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw MediaRejected.invalid(field, "'" + field + "' must be a non-empty string.");
        }
        return value.asText();
    }

    static String optionalText(JsonNode body, String field, String fallback) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw MediaRejected.invalid(field, "'" + field + "' must be a string.");
        }
        return value.asText();
    }

    static int optionalInt(JsonNode body, String field, int fallback, int min, int max) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
            throw MediaRejected.invalid(field, "'" + field + "' must be an integer from " + min + " to " + max
                    + ", got " + value + ".");
        }
        return value.intValue();
    }

    static double optionalNumber(JsonNode body, String field, double fallback, double min, double max) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber() || value.doubleValue() < min || value.doubleValue() > max) {
            throw MediaRejected.invalid(field, "'" + field + "' must be a number from " + min + " to " + max
                    + ", got " + value + ".");
        }
        return value.doubleValue();
    }

    /** An optional integer of any size (a seed); null when absent. */
    static Long optionalLong(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw MediaRejected.invalid(field, "'" + field + "' must be an integer.");
        }
        return value.longValue();
    }
}
