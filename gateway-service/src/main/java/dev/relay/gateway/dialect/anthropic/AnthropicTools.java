package dev.relay.gateway.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.gateway.dialect.JsonFlag;
import dev.relay.gateway.service.ApiFailure;

/**
 * Anthropic {@code tools} and {@code tool_choice} as OpenAI's: a tool's {@code input_schema} becomes a function's
 * {@code parameters}; {@code auto}, {@code any}, {@code tool} and {@code none} become {@code auto}, {@code required},
 * the named function and {@code none}. Anthropic's server tools (web search, bash ...) run nowhere here: a 400.
 */
final class AnthropicTools {

    private AnthropicTools() {
    }

    static void convert(JsonNode in, ObjectNode out) {
        if (in.hasNonNull("tools")) {
            tools(in.get("tools"), out.putArray("tools"));
        }
        if (in.hasNonNull("tool_choice")) {
            choice(in.get("tool_choice"), out);
        }
    }

    private static void tools(JsonNode tools, ArrayNode out) {
        if (!tools.isArray()) {
            throw ApiFailure.invalidRequest("tools: must be a list", "tools");
        }
        for (JsonNode tool : tools) {
            String type = tool.path("type").asText("custom");
            if (!"custom".equals(type)) {
                throw ApiFailure.invalidRequest("tools: tools of type '" + type + "' are not supported, only client tools", "tools");
            }
            if (!tool.path("name").isTextual()) {
                throw ApiFailure.invalidRequest("tools: every tool needs a name", "tools");
            }
            ObjectNode function = out.addObject().put("type", "function").putObject("function");
            function.put("name", tool.get("name").asText());
            if (tool.path("description").isTextual()) {
                function.put("description", tool.get("description").asText());
            }
            if (tool.path("input_schema").isObject()) {
                function.set("parameters", tool.get("input_schema"));
            } else {
                function.putObject("parameters").put("type", "object");
            }
        }
    }

    private static void choice(JsonNode choice, ObjectNode out) {
        switch (choice.path("type").asText()) {
            case "auto" -> out.put("tool_choice", "auto");
            case "any" -> out.put("tool_choice", "required");
            case "none" -> out.put("tool_choice", "none");
            case "tool" -> out.putObject("tool_choice").put("type", "function").putObject("function")
                    .put("name", choice.path("name").asText());
            default -> throw ApiFailure.invalidRequest("tool_choice: type must be auto, any, tool or none", "tool_choice");
        }
        if (JsonFlag.read(choice, "disable_parallel_tool_use", () -> ApiFailure.invalidRequest(
                "tool_choice.disable_parallel_tool_use: Input should be a valid boolean", "tool_choice"))) {
            out.put("parallel_tool_calls", false);
        }
    }
}
