package dev.relay.billing.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.contracts.internal.ApiError;
import dev.relay.contracts.internal.StorableText;
import java.util.Set;

/** A request body read by hand, so that malformed or mistyped JSON gets a precise 400 instead of a 500. */
final class JsonBody {

    private final JsonNode root;

    private JsonBody(JsonNode root) {
        this.root = root;
    }

    static JsonBody parse(ObjectMapper json, String body) {
        if (body == null || body.isBlank()) {
            throw ApiError.invalidJson("The request body must be a JSON object.");
        }
        try {
            JsonNode root = json.readTree(body);
            if (root == null || !root.isObject()) {
                throw ApiError.invalidJson("The request body must be a JSON object.");
            }
            return new JsonBody(root);
        } catch (ApiError e) {
            throw e;
        } catch (Exception e) {
            throw ApiError.invalidJson("The request body is not valid JSON.");
        }
    }

    /** A misspelt field would silently take its default: every field not named is a 400 naming it. */
    void refuseOthersThan(Set<String> fields) {
        root.fieldNames().forEachRemaining(name -> {
            if (!fields.contains(name)) {
                throw ApiError.unknownParameter(name);
            }
        });
    }

    long requiredLong(String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw ApiError.invalidValue(field, field + " is required.");
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw ApiError.invalidValue(field, field + " must be an integer.");
        }
        return node.longValue();
    }

    long optionalLong(String field, long fallback) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() ? fallback : requiredLong(field);
    }

    String requiredString(String field, int maxLength) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull() || !node.isTextual() || node.textValue().isBlank()) {
            throw ApiError.invalidValue(field, field + " is required and must be a non-empty string.");
        }
        if (node.textValue().length() > maxLength) {
            throw ApiError.invalidValue(field, field + " must be at most " + maxLength + " characters.");
        }
        if (!StorableText.storable(node.textValue())) {
            throw ApiError.invalidValue(field, field + " must not contain control characters.");
        }
        return node.textValue();
    }
}
