package dev.relay.gateway.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/**
 * Tool calls between OpenAI's shape ({@code {id, type: function, function: {name, arguments: "<JSON text>"}}}) and
 * Ollama's ({@code {function: {name, arguments: {...}}}}, no id), for Ollama clients and Ollama workers alike.
 */
public final class ToolCalls {

    private ToolCalls() {
    }

    /** A new call id, for calls that came without one (Ollama's). */
    public static String newId() {
        return "call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    /** Ollama calls as OpenAI calls, each with a new id. */
    public static ArrayNode fromOllama(ObjectMapper json, JsonNode calls) {
        ArrayNode out = json.createArrayNode();
        for (JsonNode call : calls) {
            JsonNode arguments = call.path("function").path("arguments");
            out.addObject().put("id", newId()).put("type", "function").putObject("function")
                    .put("name", call.path("function").path("name").asText())
                    .put("arguments", arguments.isTextual() ? arguments.asText()
                            : arguments.isObject() ? arguments.toString() : "{}");
        }
        return out;
    }

    /** OpenAI calls as Ollama calls: the arguments as an object. */
    public static ArrayNode toOllama(ObjectMapper json, JsonNode calls) {
        ArrayNode out = json.createArrayNode();
        for (JsonNode call : calls) {
            ObjectNode function = out.addObject().putObject("function");
            function.put("name", call.path("function").path("name").asText());
            function.set("arguments", argumentsObject(json, call.path("function").path("arguments")));
        }
        return out;
    }

    /** A call's arguments (JSON text, or already an object) as an object; arguments that are no object give {}. */
    public static ObjectNode argumentsObject(ObjectMapper json, JsonNode arguments) {
        try {
            JsonNode parsed = arguments.isObject() ? arguments : json.readTree(arguments.asText(""));
            return parsed instanceof ObjectNode object ? object : json.createObjectNode();
        } catch (JsonProcessingException notJson) {
            return json.createObjectNode();
        }
    }
}
