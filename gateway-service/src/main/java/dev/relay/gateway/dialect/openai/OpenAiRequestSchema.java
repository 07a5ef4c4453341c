package dev.relay.gateway.dialect.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The published {@code OpenAIChatRequest} schema of /v2 (additionalProperties: false): every field's type and
 * range, with FastAPI's error types, so that clients written against the spec see the answers it documents.
 */
public final class OpenAiRequestSchema {

    /** The published bound on max_tokens and max_completion_tokens, and on what other dialects translate to them. */
    public static final int MAX_TOKENS = 128_000;
    /** OpenAI's own cap on a conversation's length; far more than any context window holds of real messages. */
    static final int MAX_MESSAGES = 2048;
    private static final Map<String, BiConsumer<JsonNode, FieldCheck>> FIELDS = Map.ofEntries(
            Map.entry("model", (v, c) -> c.nonBlankString(v)),
            Map.entry("messages", (v, c) -> c.messages(v)),
            Map.entry("max_tokens", (v, c) -> c.integer(v, 1, MAX_TOKENS)),
            Map.entry("max_completion_tokens", (v, c) -> c.integer(v, 1, MAX_TOKENS)),
            Map.entry("temperature", (v, c) -> c.number(v, 0, 2)),
            Map.entry("top_p", (v, c) -> c.number(v, 0, 1)),
            Map.entry("frequency_penalty", (v, c) -> c.number(v, -2, 2)),
            Map.entry("presence_penalty", (v, c) -> c.number(v, -2, 2)),
            Map.entry("stop", (v, c) -> c.stop(v)),
            Map.entry("stream", (v, c) -> c.bool(v)),
            Map.entry("response_format", (v, c) -> c.responseFormat(v)),
            Map.entry("seed", (v, c) -> c.integer(v, Long.MIN_VALUE, Long.MAX_VALUE)),
            Map.entry("tools", (v, c) -> c.listOfObjects(v)),
            Map.entry("tool_choice", (v, c) -> c.toolChoice(v)),
            Map.entry("n", (v, c) -> c.integer(v, 1, 10)),
            Map.entry("logprobs", (v, c) -> c.bool(v)),
            Map.entry("top_logprobs", (v, c) -> c.integer(v, 0, 20)),
            Map.entry("user", (v, c) -> c.string(v)),
            Map.entry("stream_options", (v, c) -> c.streamOptions(v)),
            Map.entry("store", (v, c) -> c.bool(v)),
            Map.entry("chat_template_kwargs", (v, c) -> c.object(v)),
            Map.entry("mode", (v, c) -> c.mode(v)),
            Map.entry("async", (v, c) -> c.bool(v)));
    /**
     * Fields outside the published schema (on /v2 extra inputs) that Relay itself translates, so held to a type
     * wherever they are taken: {@code top_k} becomes an Ollama worker's option, and Ollama answers an option of
     * the wrong type with a 500, which would read as the worker failing. -1 is vLLM's "no limit".
     */
    private static final Map<String, BiConsumer<JsonNode, FieldCheck>> TRANSLATED = Map.of(
            "top_k", (v, c) -> c.integer(v, -1, Integer.MAX_VALUE));

    private OpenAiRequestSchema() {
    }

    /** The /v2 rules: unknown fields are violations too. @throws InvalidRequest listing every violation */
    public static void validate(ObjectNode body) {
        validate(body, false);
    }

    /**
     * @param allowUnknown the /v1 rules: unknown fields are forwarded to the worker instead of refused. Whole numbers
     *        written as floats ({@code "max_tokens": 4.0}, as Python clients may send) are taken as integers, as
     *        FastAPI's validation takes them, and replaced by integers in the body the worker gets.
     */
    public static void validate(ObjectNode body, boolean allowUnknown) {
        List<Violation> violations = Violation.bounded();
        for (String required : List.of("model", "messages")) {
            if (!body.has(required)) {
                violations.add(Violation.at(required, "Field required", "missing"));
            }
        }
        body.fields().forEachRemaining(field -> {
            var rule = FIELDS.getOrDefault(field.getKey(), allowUnknown ? TRANSLATED.get(field.getKey()) : null);
            if (rule == null) {
                if (allowUnknown) {
                    return;
                }
                violations.add(Violation.at(field.getKey(), "Extra inputs are not permitted", "extra_forbidden"));
            } else if (!field.getValue().isNull() || field.getKey().equals("model") || field.getKey().equals("messages")) {
                rule.accept(field.getValue(), new FieldCheck(body, field.getKey(), violations));
            }
        });
        if (body.path("top_logprobs").isNumber() && !body.path("logprobs").asBoolean(false)) {
            violations.add(Violation.at("top_logprobs", "Value error, top_logprobs requires logprobs to be true",
                    "value_error"));
        }
        String forced = body.path("tool_choice").path("function").path("name").asText(null);
        if (forced != null && !offersTool(body.path("tools"), forced)) {
            // As OpenAI answers it, before a worker is paid to fail on it (or to call a tool nobody offered).
            violations.add(Violation.at("tool_choice", "Value error, tool_choice names a function that is not among"
                    + " tools", "value_error"));
        }
        if (body.path("stream").asBoolean(false) && body.path("async").asBoolean(false)) {
            violations.add(Violation.at(null, "Value error, stream cannot be combined with async", "value_error"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequest(violations);
        }
    }

    private static boolean offersTool(JsonNode tools, String name) {
        for (JsonNode tool : tools) {
            if (name.equals(tool.path("function").path("name").asText(null))) {
                return true;
            }
        }
        return false;
    }
}
