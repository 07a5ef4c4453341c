package dev.relay.auth.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.relay.auth.config.AuthConfig;
import dev.relay.contracts.internal.ApiError;
import dev.relay.auth.service.NewKey;
import dev.relay.contracts.internal.StorableText;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads request bodies from raw text, so that malformed JSON and wrong types become 400s naming the parameter
 * instead of framework errors.
 */
@ApplicationScoped
public class JsonBodies {

    private static final int MAX_NAME = 100;
    private static final int MAX_ACCOUNT_NAME = 200;
    private static final int MAX_MODELS = 100;
    private static final int MAX_MODEL_NAME = 200;
    private static final Set<String> KEY_FIELDS = Set.of("name", "rpm_limit", "allowed_models");
    private static final Set<String> ACCOUNT_FIELDS = Set.of("name", "tier");
    private static final Set<String> TIER_FIELDS = Set.of("tier");

    private final ObjectMapper json;
    /** A body with anything after its JSON value is malformed, not the key its first part asks for. */
    private final ObjectReader bodies;
    private final AuthConfig.Keys limits;

    public JsonBodies(ObjectMapper json, AuthConfig config) {
        this.json = json;
        this.bodies = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.limits = config.keys();
    }

    /** {@code {"name", "rpm_limit", "allowed_models"}}, all optional; any other field is refused, as OpenAI does. */
    public NewKey newKey(String body) {
        JsonNode request = object(body, KEY_FIELDS);
        String name = optionalText(request, "name", MAX_NAME);
        return new NewKey(name == null ? "default" : name, rpmLimit(request), allowedModels(request));
    }

    /** {@code {"name", "tier"}}; the tier is checked against the catalog by the caller. */
    public AccountRequest account(String body) {
        JsonNode request = object(body, ACCOUNT_FIELDS);
        String name = optionalText(request, "name", MAX_ACCOUNT_NAME);
        if (name == null) {
            throw ApiError.invalidValue("name", "name is required");
        }
        return new AccountRequest(name, tier(request));
    }

    /** {@code {"tier"}}. */
    public String tier(String body) {
        return tier(object(body, TIER_FIELDS));
    }

    public record AccountRequest(String name, String tier) {
    }

    private String tier(JsonNode request) {
        String tier = optionalText(request, "tier", 32);
        if (tier == null) {
            throw ApiError.invalidValue("tier", "tier is required");
        }
        return tier;
    }

    /** The body as an object holding none but the {@code known} fields: a misspelt one would be silently ignored. */
    private JsonNode object(String body, Set<String> known) {
        if (body == null || body.isBlank()) {
            return json.createObjectNode();
        }
        JsonNode node;
        try {
            node = bodies.readTree(body);
        } catch (Exception e) {
            throw ApiError.invalidJson("Request body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw ApiError.invalidJson("Request body must be a JSON object");
        }
        for (var names = node.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!known.contains(field)) {
                throw ApiError.unknownParameter(field);
            }
        }
        return node;
    }

    private Integer rpmLimit(JsonNode request) {
        JsonNode value = request.get("rpm_limit");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()
                || value.intValue() < 1 || value.intValue() > limits.maxRpm()) {
            throw ApiError.invalidValue("rpm_limit", "rpm_limit must be an integer between 1 and " + limits.maxRpm());
        }
        return value.intValue();
    }

    private static List<String> allowedModels(JsonNode request) {
        JsonNode value = request.get("allowed_models");
        if (value == null || value.isNull()) {
            return List.of();
        }
        String rule = "allowed_models must be an array of at most " + MAX_MODELS + " model names";
        if (!value.isArray() || value.size() > MAX_MODELS) {
            throw ApiError.invalidValue("allowed_models", rule);
        }
        LinkedHashSet<String> models = new LinkedHashSet<>();
        for (JsonNode model : value) {
            if (!model.isTextual() || model.asText().isBlank() || model.asText().length() > MAX_MODEL_NAME) {
                throw ApiError.invalidValue("allowed_models", rule);
            }
            models.add(storable("allowed_models", model.asText().strip()));
        }
        return List.copyOf(new ArrayList<>(models));
    }

    private static String optionalText(JsonNode request, String field, int maxLength) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank() || characters(value.asText().strip()) > maxLength) {
            throw ApiError.invalidValue(field, field + " must be a non-empty string of at most " + maxLength
                    + " characters");
        }
        return storable(field, value.asText().strip());
    }

    private static String storable(String field, String text) {
        if (!StorableText.storable(text)) {
            throw ApiError.invalidValue(field,
                    field + " must not contain control characters or unpaired surrogates");
        }
        return text;
    }

    /** Characters as a reader counts them: an emoji is one, not the two UTF-16 units Java's length() counts. */
    private static int characters(String text) {
        return text.codePointCount(0, text.length());
    }
}
