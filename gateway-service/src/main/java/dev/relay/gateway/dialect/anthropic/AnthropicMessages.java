package dev.relay.gateway.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.gateway.dialect.InlineImages;
import dev.relay.gateway.dialect.JsonFlag;
import dev.relay.gateway.service.ApiFailure;
import java.util.List;

/**
 * Anthropic messages as OpenAI chat messages: text blocks become text, {@code image} blocks {@code image_url} parts
 * (base64 sources as data URLs), an assistant's {@code tool_use} blocks its {@code tool_calls} (arguments = the input
 * as a JSON string), a user's {@code tool_result} blocks {@code role: tool} messages placed before the rest of that
 * user message (OpenAI wants them right after the assistant's calls), their images in that rest. Thinking blocks are left out; any other block
 * is a 400, never dropped silently.
 */
final class AnthropicMessages {

    /** The image types Anthropic's API takes. */
    private static final List<String> IMAGE_TYPES = List.of("image/jpeg", "image/png", "image/gif", "image/webp");

    private AnthropicMessages() {
    }

    static void convert(ObjectMapper json, JsonNode messages, ArrayNode out) {
        for (JsonNode message : messages) {
            if (!message.isObject()) {
                throw invalid("messages: every message must be an object");
            }
            // Anthropic's two roles: a system prompt is the request's 'system', not a message.
            String role = message.path("role").asText("");
            if (!role.equals("user") && !role.equals("assistant")) {
                throw invalid("messages: role must be 'user' or 'assistant'");
            }
            JsonNode content = message.path("content");
            if (content.isTextual()) {
                out.addObject().put("role", role).put("content", content.asText());
            } else if (!content.isArray()) {
                throw invalid("messages: content must be a string or a list of content blocks");
            } else if ("assistant".equals(role)) {
                assistant(json, content, out);
            } else {
                user(json, role, content, out);
            }
        }
    }

    /** The text of a {@code system} prompt or a tool result: a string, or its text blocks joined by new lines. */
    static String text(JsonNode content, String where) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : content) {
            if (!"text".equals(type(block))) {
                throw invalid(where + ": only text content blocks are supported here, not '" + type(block) + "'");
            }
            appendLine(text, textOf(block));
        }
        return text.toString();
    }

    private static void assistant(ObjectMapper json, JsonNode blocks, ArrayNode out) {
        StringBuilder text = new StringBuilder();
        ArrayNode calls = json.createArrayNode();
        for (JsonNode block : blocks) {
            switch (type(block)) {
                case "text" -> appendLine(text, textOf(block));
                case "tool_use" -> {
                    if (!block.path("input").isObject()) {
                        throw invalid("messages: a tool_use block's input must be an object");
                    }
                    ObjectNode call = calls.addObject().put("id", required(block, "id", "tool_use"))
                            .put("type", "function");
                    call.putObject("function").put("name", required(block, "name", "tool_use"))
                            .put("arguments", block.get("input").toString());
                }
                case "thinking", "redacted_thinking" -> {
                    // the model's own reasoning of an earlier turn: no OpenAI worker takes it back
                }
                default -> throw unsupported(block);
            }
        }
        ObjectNode message = out.addObject().put("role", "assistant");
        if (calls.isEmpty()) {
            message.put("content", text.toString());
            return;
        }
        // OpenAI's shape for calls without text: content null.
        if (text.isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", text.toString());
        }
        message.set("tool_calls", calls);
    }

    private static void user(ObjectMapper json, String role, JsonNode blocks, ArrayNode out) {
        ArrayNode parts = json.createArrayNode();
        boolean images = false;
        boolean toolResults = false;
        for (JsonNode block : blocks) {
            switch (type(block)) {
                case "text" -> parts.addObject().put("type", "text").put("text", textOf(block));
                case "image" -> {
                    parts.addObject().put("type", "image_url").putObject("image_url").put("url", imageUrl(block));
                    images = true;
                }
                case "tool_result" -> {
                    toolResults = true;
                    int before = parts.size();
                    String result = toolResult(block.path("content"), parts);
                    images |= parts.size() > before;
                    out.addObject().put("role", "tool").put("tool_call_id", required(block, "tool_use_id", "tool_result"))
                            .put("content", isError(block) ? "Error: " + result : result);
                }
                default -> throw unsupported(block);
            }
        }
        if (parts.isEmpty() && toolResults) {
            return;
        }
        ObjectNode message = out.addObject().put("role", role);
        if (images) {
            message.set("content", parts);
        } else {
            StringBuilder text = new StringBuilder();
            parts.forEach(part -> appendLine(text, part.path("text").asText()));
            message.put("content", text.toString());
        }
    }

    /**
     * A tool result's text. Its images (a screenshot a tool took) are added to {@code parts}: OpenAI's tool messages
     * take text only, so they reach the model in the user message that follows the results.
     */
    private static String toolResult(JsonNode content, ArrayNode parts) {
        if (content.isTextual() || content.isMissingNode() || content.isNull()) {
            return content.asText(""); // no content: a tool that returned nothing
        }
        if (!content.isArray()) {
            throw invalid("messages: a tool_result block's content must be a string or a list of content blocks");
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : content) {
            switch (type(block)) {
                case "text" -> appendLine(text, textOf(block));
                case "image" -> parts.addObject().put("type", "image_url").putObject("image_url")
                        .put("url", imageUrl(block));
                default -> throw invalid("tool_result content: only text and image blocks are supported here, not '"
                        + type(block) + "'");
            }
        }
        return text.toString();
    }

    /**
     * Joins texts with new lines, as Anthropic's blocks of one message read together. A line goes before a text only
     * once something was written, so empty blocks at the start leave no blank lines behind.
     */
    private static void appendLine(StringBuilder text, String more) {
        text.append(text.isEmpty() ? "" : "\n").append(more);
    }

    private static String imageUrl(JsonNode block) {
        JsonNode source = block.path("source");
        return switch (source.path("type").asText()) {
            case "base64" -> {
                String mediaType = source.path("media_type").asText();
                if (!IMAGE_TYPES.contains(mediaType)) {
                    throw invalid("messages: an image's media_type must be one of " + String.join(", ", IMAGE_TYPES));
                }
                if (!InlineImages.isBase64(source.path("data").asText())) {
                    throw invalid("messages: an image's data must be valid base64");
                }
                yield "data:" + mediaType + ";base64," + source.path("data").asText();
            }
            case "url" -> {
                if (!source.path("url").isTextual() || source.get("url").asText().isBlank()) {
                    throw invalid("messages: an image's url source needs a 'url' (a non-empty string)");
                }
                yield source.get("url").asText();
            }
            default -> throw invalid("messages: image sources must be base64 or url");
        };
    }

    /** A block's type, required as Anthropic requires it: a block with text but no type is no text block. */
    private static String type(JsonNode block) {
        return block.path("type").asText("");
    }

    private static String textOf(JsonNode block) {
        if (!block.path("text").isTextual()) {
            throw invalid("messages: a text block's text must be a string");
        }
        return block.get("text").asText();
    }

    /** A block's field that must be a non-empty string, as Anthropic requires it. */
    private static String required(JsonNode block, String field, String type) {
        JsonNode value = block.path(field);
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw invalid("messages: a " + type + " block needs '" + field + "' (a non-empty string)");
        }
        return value.asText();
    }

    private static ApiFailure unsupported(JsonNode block) {
        String type = type(block);
        return invalid(type.isEmpty() ? "messages: every content block needs a 'type'"
                : "messages: content blocks of type '" + type + "' are not supported");
    }

    private static boolean isError(JsonNode toolResult) {
        return JsonFlag.read(toolResult, "is_error",
                () -> invalid("tool_result: is_error: Input should be a valid boolean"));
    }

    private static ApiFailure invalid(String message) {
        return ApiFailure.invalidRequest(message, "messages");
    }
}
