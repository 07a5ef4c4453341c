package dev.relay.gateway.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.gateway.dialect.openai.OpenAiChatRequests;
import dev.relay.gateway.proxy.ChatCall;
import dev.relay.gateway.service.ApiFailure;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads an Anthropic Messages request into the internal (OpenAI-shaped) form: {@code system} becomes the first
 * message, messages and their content blocks become OpenAI messages ({@link AnthropicMessages}), {@code tools} and
 * {@code tool_choice} OpenAI's ({@link AnthropicTools}), {@code stop_sequences} becomes {@code stop}.
 */
@ApplicationScoped
public class AnthropicRequests {

    /** OpenAI's limit, which the translated request is held to on every worker. */
    private static final int MAX_STOP_SEQUENCES = 4;

    private final ObjectMapper json;
    private final OpenAiChatRequests openAi;

    public AnthropicRequests(ObjectMapper json, OpenAiChatRequests openAi) {
        this.json = json;
        this.openAi = openAi;
    }

    public ChatCall read(Buffer bytes, String requestId) {
        ObjectNode in = openAi.parse(bytes);
        JsonNode maxTokens = in.get("max_tokens");
        if (maxTokens == null || maxTokens.isNull()) {
            throw ApiFailure.invalidRequest("max_tokens: Field required (a positive integer)", "max_tokens");
        }
        if (!maxTokens.isIntegralNumber() || !maxTokens.canConvertToInt() || maxTokens.asInt() < 1) {
            throw ApiFailure.invalidRequest("max_tokens: Input should be a positive integer", "max_tokens");
        }
        return convert(in, requestId);
    }

    /**
     * A {@code count_tokens} request: what a Messages request's prompt is made of ({@code model}, {@code system},
     * {@code messages}, {@code tools}, {@code tool_choice}), checked as in {@link #read}; no {@code max_tokens}.
     */
    public ChatCall readPrompt(Buffer bytes, String requestId) {
        ObjectNode in = openAi.parse(bytes);
        for (String unused : new String[] {"max_tokens", "stream", "stop_sequences", "temperature", "top_p", "top_k"}) {
            in.remove(unused); // not part of a prompt; the SDKs do not send them here
        }
        return convert(in, requestId);
    }

    private ChatCall convert(ObjectNode in, String requestId) {
        JsonNode maxTokens = in.get("max_tokens");
        JsonNode system = in.get("system");
        if (system != null && !system.isNull() && !system.isTextual() && !system.isArray()) {
            throw ApiFailure.invalidRequest("system: Input should be a string or a list of text blocks", "system");
        }
        // Checked here, or the refusal would name OpenAI's 'stop', which this client never sent.
        JsonNode stops = in.get("stop_sequences");
        if (stops != null && !stops.isNull() && !(stops.isArray() && allText(stops))) {
            throw ApiFailure.invalidRequest("stop_sequences: Input should be a list of strings", "stop_sequences");
        }
        if (stops != null && stops.size() > MAX_STOP_SEQUENCES) {
            throw ApiFailure.invalidRequest("stop_sequences: at most " + MAX_STOP_SEQUENCES + " are supported",
                    "stop_sequences");
        }
        JsonNode messages = in.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw ApiFailure.invalidRequest("messages: Field required (a non-empty list)", "messages");
        }
        ObjectNode out = json.createObjectNode();
        if (in.has("model")) {
            out.set("model", in.get("model")); // absent stays absent: "Field required", not a type error
        }
        ArrayNode converted = out.putArray("messages");
        if (in.hasNonNull("system")) {
            converted.addObject().put("role", "system").put("content", AnthropicMessages.text(in.get("system"), "system"));
        }
        AnthropicMessages.convert(json, messages, converted);
        AnthropicTools.convert(in, out);
        if (maxTokens != null) {
            out.set("max_tokens", maxTokens);
        }
        for (String same : new String[] {"temperature", "top_p", "top_k", "stream"}) {
            if (in.hasNonNull(same)) {
                out.set(same, in.get(same));
            }
        }
        if (in.hasNonNull("stop_sequences")) {
            out.set("stop", in.get("stop_sequences"));
        }
        if (in.has("mode")) {
            out.set("mode", in.get("mode")); // Relay's own field, checked as on the OpenAI paths
        }
        // The sink needs the usage chunk for message_delta, whatever the client asked.
        out.putObject("stream_options").put("include_usage", true);
        return openAi.readChecked(out, requestId).wantingUsage();
    }

    private static boolean allText(JsonNode list) {
        for (JsonNode item : list) {
            if (!item.isTextual()) {
                return false;
            }
        }
        return true;
    }
}
