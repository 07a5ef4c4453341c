package dev.relay.simulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.simulator.service.ChatRequest;
import dev.relay.simulator.service.RequestRejected;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads OpenAI and Ollama chat bodies into a {@link ChatRequest}, refusing malformed ones with a 400 that says
 * which field is wrong. The prompt is rendered with a ChatML-like template, tool definitions first, so that
 * requests sharing a system prompt share their leading KV blocks.
 */
final class ChatRequests {

    private ChatRequests() {
    }

    static ChatRequest fromOpenAi(JsonNode body) {
        requireObject(body);
        String model = requiredText(body, "model");
        Integer maxTokens = optionalInt(body, "max_completion_tokens");
        if (maxTokens == null) {
            maxTokens = optionalInt(body, "max_tokens");
        }
        Integer n = optionalInt(body, "n");
        Long seed = body.hasNonNull("seed") ? integer(body.get("seed"), "seed").longValue() : null;
        ChatRequest.ToolSpec tool = chosenTool(body.path("tools"), body.path("tool_choice"));
        boolean ignoreEos = body.path("ignore_eos").asBoolean(false);
        return new ChatRequest(model, prompt(body.path("tools"), body.get("messages")), n == null ? 1 : n, maxTokens,
                ignoreEos, stops(body.get("stop"), "stop"), seed, tool);
    }

    /**
     * What vLLM's {@code POST /tokenize} counts: a chat's {@code messages} (and {@code tools}) rendered as a chat request's
     * prompt is, generation prompt included, or a plain {@code prompt} as it is.
     */
    static String tokenizedText(JsonNode body) {
        requireObject(body);
        if (body.has("prompt")) {
            if (!body.get("prompt").isTextual()) {
                throw RequestRejected.badRequest("prompt must be a string");
            }
            return body.get("prompt").asText();
        }
        return prompt(body.path("tools"), body.get("messages"));
    }

    static ChatRequest fromOllama(JsonNode body) {
        requireObject(body);
        String model = requiredText(body, "model");
        JsonNode options = body.path("options");
        Integer predict = options.hasNonNull("num_predict") ? integer(options.get("num_predict"), "options.num_predict") : null;
        Long seed = options.hasNonNull("seed") ? integer(options.get("seed"), "options.seed").longValue() : null;
        // Ollama has no tool_choice: with tools, the model may call the first one, and the simulator always does.
        ChatRequest.ToolSpec tool = chosenTool(body.path("tools"), null);
        return new ChatRequest(model, prompt(body.path("tools"), body.get("messages")), 1,
                predict == null || predict <= 0 ? null : predict, false, stops(options.get("stop"), "options.stop"), seed,
                tool);
    }

    static boolean wantsStream(JsonNode body, boolean byDefault) {
        JsonNode stream = body.get("stream");
        if (stream == null || stream.isNull()) {
            return byDefault;
        }
        if (!stream.isBoolean()) {
            throw RequestRejected.badRequest("stream must be a boolean");
        }
        return stream.asBoolean();
    }

    private static void requireObject(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw RequestRejected.badRequest("the request body must be a JSON object");
        }
    }

    private static String requiredText(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw RequestRejected.badRequest(field + " is required and must be a non-empty string");
        }
        return value.asText();
    }

    private static Integer optionalInt(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : integer(value, field);
    }

    private static Integer integer(JsonNode value, String field) {
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw RequestRejected.badRequest(field + " must be an integer");
        }
        return value.intValue();
    }

    private static List<String> stops(JsonNode stop, String field) {
        List<String> stops = new ArrayList<>();
        if (stop == null || stop.isNull()) {
            return stops;
        }
        if (stop.isTextual()) {
            stops.add(stop.asText());
        } else if (stop.isArray()) {
            stop.forEach(s -> {
                if (!s.isTextual()) {
                    throw RequestRejected.badRequest(field + " must be a string or an array of strings");
                }
                stops.add(s.asText());
            });
        } else {
            throw RequestRejected.badRequest(field + " must be a string or an array of strings");
        }
        return stops;
    }

    private static String prompt(JsonNode tools, JsonNode messages) {
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw RequestRejected.badRequest("messages is required and must be a non-empty array");
        }
        StringBuilder prompt = new StringBuilder();
        if (tools.isArray() && !tools.isEmpty()) {
            prompt.append("<|im_start|>tools\n").append(tools).append("<|im_end|>\n");
        }
        for (JsonNode message : messages) {
            if (!message.isObject() || !message.path("role").isTextual()) {
                throw RequestRejected.badRequest("each message must be an object with a string role");
            }
            prompt.append("<|im_start|>").append(message.get("role").asText()).append('\n')
                    .append(content(message.get("content")));
            if (message.has("tool_calls")) {
                prompt.append(message.get("tool_calls"));
            }
            prompt.append("<|im_end|>\n");
        }
        return prompt.append("<|im_start|>assistant\n").toString();
    }

    /** A string, an array of content parts (their text is used), or null/absent (assistant tool calls). */
    private static String content(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            content.forEach(part -> text.append(part.path("text").asText(part.isTextual() ? part.asText() : "")));
            return text.toString();
        }
        throw RequestRejected.badRequest("message content must be a string or an array of content parts");
    }

    /** The tool to call: the one tool_choice names, else the first; none when there are no tools or "none". */
    private static ChatRequest.ToolSpec chosenTool(JsonNode tools, JsonNode choice) {
        if (tools.isMissingNode() || tools.isNull()) {
            return null;
        }
        if (!tools.isArray()) {
            throw RequestRejected.badRequest("tools must be an array");
        }
        if (tools.isEmpty() || (choice != null && "none".equals(choice.asText()))) {
            return null;
        }
        String wanted = choice != null && choice.isObject() ? choice.path("function").path("name").asText(null) : null;
        for (JsonNode tool : tools) {
            JsonNode function = tool.path("function");
            if (!function.path("name").isTextual()) {
                throw RequestRejected.badRequest("each tool needs function.name");
            }
            if (wanted == null || wanted.equals(function.get("name").asText())) {
                List<ChatRequest.Parameter> parameters = new ArrayList<>();
                function.path("parameters").path("properties").properties().forEach(p ->
                        parameters.add(new ChatRequest.Parameter(p.getKey(), p.getValue().path("type").asText(null))));
                return new ChatRequest.ToolSpec(function.get("name").asText(), parameters);
            }
        }
        throw RequestRejected.badRequest("tool_choice names the function '" + wanted + "', which is not in tools");
    }
}
