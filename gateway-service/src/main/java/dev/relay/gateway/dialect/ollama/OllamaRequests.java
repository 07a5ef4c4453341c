package dev.relay.gateway.dialect.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.gateway.dialect.InlineImages;
import dev.relay.gateway.dialect.JsonFlag;
import dev.relay.gateway.dialect.openai.OpenAiChatRequests;
import dev.relay.gateway.dialect.openai.OpenAiRequestSchema;
import dev.relay.gateway.proxy.ChatCall;
import dev.relay.gateway.proxy.OllamaImages;
import dev.relay.gateway.proxy.OllamaOptions;
import dev.relay.gateway.proxy.ToolCalls;
import dev.relay.gateway.service.ApiFailure;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads an Ollama {@code /api/chat} request (streaming unless {@code stream:false}) into the internal form:
 * {@code options} become OpenAI fields, {@code tools} pass as they are, {@code format} becomes {@code response_format},
 * tool calls and tool answers in the history take OpenAI's shape, a message's {@code images} become image parts.
 * An {@code /api/generate} request is read the same way, its {@code system} and {@code prompt} as a one-turn chat.
 */
@ApplicationScoped
public class OllamaRequests {

    private static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool");

    private final ObjectMapper json;
    private final OpenAiChatRequests openAi;

    public OllamaRequests(ObjectMapper json, OpenAiChatRequests openAi) {
        this.json = json;
        this.openAi = openAi;
    }

    /** {@code POST /api/show}: the model asked about, by {@code model} (or {@code name}, as older clients send it). */
    public String readShow(Buffer bytes) {
        ObjectNode in = openAi.parse(bytes);
        JsonNode model = in.hasNonNull("model") ? in.get("model") : in.get("name");
        if (model == null || !model.isTextual() || model.asText().isEmpty()) {
            throw ApiFailure.invalidRequest("model is required", "model");
        }
        return model.asText();
    }

    /** {@code POST /api/chat}. */
    public ChatCall read(Buffer bytes, String requestId) {
        ObjectNode in = openAi.parse(bytes);
        return call(in, messages(in.get("messages")), requestId);
    }

    /**
     * {@code POST /api/generate}: {@code system} and {@code prompt} (with its {@code images}) as a one-turn chat. What
     * a chat worker cannot do is refused, not dropped: a {@code suffix} to fill in, a {@code raw} prompt or a
     * {@code template} of its own (the worker applies the model's chat template), a {@code context} to continue
     * (the conversation goes to {@code /api/chat} instead).
     */
    public ChatCall readGenerate(Buffer bytes, String requestId) {
        ObjectNode in = openAi.parse(bytes);
        refuseIfSet(in, "suffix", "suffix (fill-in-the-middle) is not supported; send the text before it as the prompt");
        refuseIfSet(in, "template", "template is not supported: the worker applies the model's own chat template");
        refuseIfSet(in, "context", "context is not supported: send the conversation as messages to /api/chat");
        if (JsonFlag.read(in, "raw", () -> ApiFailure.invalidRequest("raw must be true or false", "raw"))) {
            throw ApiFailure.invalidRequest(
                    "raw is not supported: the worker applies the model's own chat template", "raw");
        }
        JsonNode prompt = in.get("prompt");
        if (prompt == null || !prompt.isTextual() || prompt.asText().isEmpty()) {
            throw ApiFailure.invalidRequest("prompt must be a non-empty string", "prompt");
        }
        ArrayNode messages = json.createArrayNode();
        JsonNode system = in.get("system");
        if (system != null && !system.isNull()) {
            if (!system.isTextual()) {
                throw ApiFailure.invalidRequest("system must be a string", "system");
            }
            messages.addObject().put("role", "system").put("content", system.asText());
        }
        ObjectNode user = messages.addObject().put("role", "user").put("content", prompt.asText());
        ArrayNode parts = withImages(prompt, in.get("images"), "", "images");
        if (parts != null) {
            user.set("content", parts);
        }
        return call(in, messages, requestId);
    }

    private static void refuseIfSet(ObjectNode in, String field, String message) {
        JsonNode value = in.get(field);
        boolean empty = value == null || value.isNull() || (value.isTextual() && value.asText().isEmpty())
                || (value.isArray() && value.isEmpty());
        if (!empty) {
            throw ApiFailure.invalidRequest(message, field);
        }
    }

    private ChatCall call(ObjectNode in, JsonNode messages, String requestId) {
        ObjectNode out = json.createObjectNode();
        if (in.has("model")) {
            out.set("model", in.get("model")); // absent stays absent: "Field required", not a type error
        }
        out.set("messages", messages);
        if (in.hasNonNull("tools")) {
            out.set("tools", in.get("tools")); // Ollama takes them in OpenAI's function shape already
        }
        if (in.has("mode")) {
            out.set("mode", in.get("mode")); // Relay's own field, checked as on the OpenAI paths
        }
        if (in.hasNonNull("format")) {
            out.set("response_format", responseFormat(in.get("format")));
        }
        JsonNode stream = in.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw ApiFailure.invalidRequest("stream must be true or false", "stream");
        }
        out.put("stream", stream == null || stream.isNull() || stream.asBoolean());
        JsonNode options = in.path("options");
        if (!options.isMissingNode() && !options.isNull() && !options.isObject()) {
            throw ApiFailure.invalidRequest("options must be an object", "options");
        }
        OllamaOptions.copySampling(options, out);
        limitOutput(options.get("num_predict"), out);
        // The final NDJSON line carries the token counts, so the usage chunk is always wanted.
        return openAi.readChecked(out, requestId).wantingUsage();
    }

    /**
     * The history in OpenAI's shape: an assistant's tool calls get ids and their arguments as JSON text, and a
     * {@code role: tool} message answers the call of its {@code tool_name}, else the earliest one not yet answered.
     */
    private JsonNode messages(JsonNode messages) {
        if (messages == null || !messages.isArray()) {
            return messages; // refused as such by the OpenAI rules
        }
        ArrayNode out = json.createArrayNode();
        List<JsonNode> unanswered = new ArrayList<>();
        for (JsonNode message : messages) {
            if (!message.isObject()) {
                out.add(message);
                continue;
            }
            if (!ROLES.contains(message.path("role").asText(""))) {
                throw ApiFailure.invalidRequest("messages: role must be one of system, user, assistant, tool",
                        "messages");
            }
            ArrayNode parts = withImages(message.get("content"), message.get("images"), "messages: ", "messages");
            ObjectNode copy = ((ObjectNode) message).deepCopy();
            if (parts != null) {
                copy.set("content", parts);
            }
            copy.remove("images");
            if (message.path("tool_calls").isArray()) {
                ArrayNode calls = ToolCalls.fromOllama(json, message.get("tool_calls"));
                copy.set("tool_calls", calls);
                unanswered.clear();
                calls.forEach(unanswered::add);
            } else if ("tool".equals(message.path("role").asText()) && !message.has("tool_call_id")) {
                String name = copy.path("tool_name").asText("");
                JsonNode call = unanswered.stream()
                        .filter(c -> name.isEmpty() || name.equals(c.path("function").path("name").asText()))
                        .findFirst().orElse(null);
                if (call != null) {
                    unanswered.remove(call);
                    copy.put("tool_call_id", call.path("id").asText());
                }
                copy.remove("tool_name");
            }
            out.add(copy);
        }
        return out;
    }

    /**
     * A message's or a prompt's {@code text} and {@code images} as image parts after the text, or null when it has no
     * images; a 400 naming {@code param} when they are not a list of (base64) strings.
     */
    private ArrayNode withImages(JsonNode text, JsonNode images, String where, String param) {
        if (images == null || images.isNull()) {
            return null;
        }
        if (!images.isArray() || !allBase64(images)) {
            throw ApiFailure.invalidRequest(where + "images must be a list of base64 strings", param);
        }
        return images.isEmpty() ? null : OllamaImages.toContentParts(json, text, images);
    }

    private static boolean allBase64(JsonNode list) {
        for (JsonNode item : list) {
            if (!item.isTextual() || !InlineImages.isBase64(item.asText())) {
                return false;
            }
        }
        return true;
    }

    /** Ollama's {@code format}: {@code "json"}, or a JSON schema the answer must follow. */
    private ObjectNode responseFormat(JsonNode format) {
        ObjectNode out = json.createObjectNode();
        if ("json".equals(format.asText())) {
            return out.put("type", "json_object");
        }
        if (!format.isObject()) {
            throw ApiFailure.invalidRequest("format must be \"json\" or a JSON schema object", "format");
        }
        out.put("type", "json_schema").putObject("json_schema").put("name", "response").set("schema", format);
        return out;
    }

    /** {@code num_predict}: -1 (no limit) and -2 (fill the context) set no limit, so the model's default applies. */
    private static void limitOutput(JsonNode numPredict, ObjectNode out) {
        if (numPredict == null || numPredict.isNull()) {
            return;
        }
        boolean whole = numPredict.isIntegralNumber() && numPredict.canConvertToInt();
        if (whole && (numPredict.asInt() == -1 || numPredict.asInt() == -2)) {
            return;
        }
        if (!whole || numPredict.asInt() < 1) {
            throw ApiFailure.invalidRequest(
                    "options.num_predict must be a positive integer, -1 (no limit) or -2 (fill the context)",
                    "num_predict");
        }
        if (numPredict.asInt() > OpenAiRequestSchema.MAX_TOKENS) {
            // Named as the client sent it, not as the max_tokens it becomes.
            throw ApiFailure.invalidRequest("options.num_predict must be at most " + OpenAiRequestSchema.MAX_TOKENS,
                    "num_predict");
        }
        out.set("max_tokens", numPredict);
    }
}
