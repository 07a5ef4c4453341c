package dev.relay.gateway.dialect.openai;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.gateway.config.GatewayConfig;
import dev.relay.gateway.dialect.Utf8;
import dev.relay.gateway.proxy.ChatCall;
import dev.relay.gateway.service.ApiFailure;
import dev.relay.gateway.service.PromptShape;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * Reads an OpenAI chat request leniently (the /v1 surface): required fields and types are checked, unknown fields
 * are forwarded to the worker untouched. Relay's own fields ({@code mode}, {@code async}) never reach a worker.
 */
@ApplicationScoped
public class OpenAiChatRequests {

    private static final Set<String> MODES = Set.of("auto", "direct", "opengpu");

    /** Reads request bodies; a body with anything after its JSON value fails. */
    private final ObjectReader bodies;
    private final int blockTokens;
    private final int maxBlocks;

    public OpenAiChatRequests(ObjectMapper json, GatewayConfig config) {
        this.bodies = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.blockTokens = config.prefix().blockTokens();
        this.maxBlocks = config.prefix().maxBlocks();
    }

    /** The /v1 rules: the published types and ranges, unknown fields allowed; the first violation is a 400. */
    public ChatCall read(Buffer bytes, String requestId) {
        return readChecked(parse(bytes), requestId);
    }

    /**
     * The /v1 rules (the published types and ranges, unknown fields allowed), for a body read on /v1 or translated
     * from another dialect (Anthropic, Ollama): a worker must never be sent what it may refuse or, worse, take.
     */
    public ChatCall readChecked(ObjectNode body, String requestId) {
        try {
            OpenAiRequestSchema.validate(body, true);
        } catch (InvalidRequest invalid) {
            Violation first = invalid.violations().get(0);
            String field = first.loc().size() > 1 ? String.valueOf(first.loc().get(1)) : null;
            throw ApiFailure.invalidRequest((field == null ? "" : field + ": ") + first.msg(), field);
        }
        return read(body, requestId);
    }

    /** Reads an already parsed body; the node is taken over (Relay's fields are removed from it). */
    public ChatCall read(ObjectNode body, String requestId) {
        JsonNode model = body.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw ApiFailure.invalidRequest("'model' is required and must be a string", "model");
        }
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw ApiFailure.invalidRequest("'messages' is required and must be a non-empty array", "messages");
        }
        for (JsonNode message : messages) {
            if (!message.isObject() || !message.path("role").isTextual()) {
                throw ApiFailure.invalidRequest("every message must be an object with a string 'role'", "messages");
            }
        }
        boolean stream = optionalBoolean(body, "stream");
        boolean async = optionalBoolean(body, "async");
        String mode = "auto";
        if (body.hasNonNull("mode")) {
            if (!body.get("mode").isTextual() || !MODES.contains(body.get("mode").asText())) {
                throw ApiFailure.invalidRequest("'mode' must be one of auto, direct, opengpu", "mode");
            }
            mode = body.get("mode").asText();
        }
        Integer maxTokens = positiveInt(body, "max_completion_tokens");
        if (maxTokens == null) {
            maxTokens = positiveInt(body, "max_tokens");
        }
        for (String number : new String[] {"temperature", "top_p", "frequency_penalty", "presence_penalty"}) {
            if (body.hasNonNull(number) && !body.get(number).isNumber()) {
                throw ApiFailure.invalidRequest("'" + number + "' must be a number", number);
            }
        }
        boolean wantsUsage = stream && body.path("stream_options").path("include_usage").asBoolean(false);
        body.remove("mode");
        body.remove("async");
        return new ChatCall(requestId, model.asText(), body, stream, wantsUsage, mode, maxTokens,
                PromptShape.of(messages, body.get("tools"), blockTokens, maxBlocks), async);
    }

    /** @throws ApiFailure 400 unless the bytes are one JSON object (see {@link #json}) */
    public ObjectNode parse(Buffer bytes) {
        if (!(json(bytes) instanceof ObjectNode object)) {
            throw ApiFailure.invalidRequest("The request body must be a JSON object", null);
        }
        return object;
    }

    /** As {@link #parse}, for the /v2 rules: each way a body is not an object in FastAPI's words, as a 422. */
    public ObjectNode parseStrict(Buffer bytes) {
        JsonNode node;
        try {
            node = json(bytes);
        } catch (ApiFailure notJson) {
            throw new InvalidRequest(List.of(Violation.at(null, "JSON decode error", "json_invalid")));
        }
        if (node == null) {
            throw new InvalidRequest(List.of(Violation.at(null, "Field required", "missing")));
        }
        if (!(node instanceof ObjectNode object)) {
            throw new InvalidRequest(List.of(Violation.at(null,
                    "Input should be a valid dictionary or object to extract fields from", "model_attributes_type")));
        }
        return object;
    }

    /**
     * The body's one JSON value, null when there is none (empty or only whitespace).
     *
     * @throws ApiFailure 400 unless it is JSON in UTF-8 with nothing after the value (a body cut or glued together
     *     must not run, and be billed, as whatever its first part says); UTF-16 and UTF-32, which Jackson would
     *     detect and read, are refused too
     */
    private JsonNode json(Buffer bytes) {
        byte[] raw = bytes == null ? new byte[0] : bytes.getBytes();
        if (!isUtf8(raw)) {
            throw ApiFailure.invalidRequest("The request body must be JSON in UTF-8", null);
        }
        try {
            JsonNode node = raw.length == 0 ? null : bodies.readTree(raw);
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException e) {
            throw ApiFailure.invalidRequest("The request body is not valid JSON", null);
        }
    }

    /**
     * JSON in UTF-16 or UTF-32 starts with a byte-order mark or has a zero byte among its first four (its first
     * character is ASCII); UTF-8 never does. Within UTF-8, every sequence must be well formed ({@link Utf8}).
     */
    private static boolean isUtf8(byte[] raw) {
        if (raw.length >= 2 && ((raw[0] & 0xFF) == 0xFE || (raw[0] & 0xFF) == 0xFF)) {
            return false;
        }
        for (int i = 0; i < Math.min(4, raw.length); i++) {
            if (raw[i] == 0) {
                return false;
            }
        }
        return Utf8.isWellFormed(raw);
    }

    private static boolean optionalBoolean(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw ApiFailure.invalidRequest("'" + field + "' must be a boolean", field);
        }
        return value.asBoolean();
    }

    private static Integer positiveInt(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1) {
            throw ApiFailure.invalidRequest("'" + field + "' must be a positive integer", field);
        }
        return value.asInt();
    }
}
