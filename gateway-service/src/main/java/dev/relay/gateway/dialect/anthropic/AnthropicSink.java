package dev.relay.gateway.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.gateway.dialect.HttpChatSink;
import dev.relay.gateway.dialect.openai.Bodies;
import dev.relay.gateway.service.ApiFailure;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * Writes a chat answer as an Anthropic message, or as its event stream: message_start, content_block_start,
 * content_block_delta..., content_block_stop, message_delta (stop reason, usage), message_stop.
 */
public final class AnthropicSink extends HttpChatSink {

    private final ObjectMapper json;
    private final String messageId;
    private final String model;
    private String stopReason = "end_turn";
    private long inputTokens;
    private long outputTokens;

    public AnthropicSink(RoutingContext ctx, ObjectMapper json, String messageId, String model) {
        super(ctx);
        this.json = json;
        this.messageId = messageId;
        this.model = model;
    }

    @Override
    public void completion(ObjectNode answer) {
        JsonNode choice = answer.path("choices").path(0);
        ObjectNode message = message();
        message.putArray("content").addObject().put("type", "text")
                .put("text", choice.path("message").path("content").asText(""));
        message.put("stop_reason", stopReason(choice.path("finish_reason").asText("stop")));
        message.putObject("usage")
                .put("input_tokens", answer.path("usage").path("prompt_tokens").asLong())
                .put("output_tokens", answer.path("usage").path("completion_tokens").asLong());
        end(200, "application/json", message.toString());
    }

    @Override
    public void chunk(ObjectNode chunk) {
        JsonNode usage = chunk.path("usage");
        if (usage.isObject()) {
            inputTokens = usage.path("prompt_tokens").asLong();
            outputTokens = usage.path("completion_tokens").asLong();
        }
        for (JsonNode choice : chunk.path("choices")) {
            String text = choice.path("delta").path("content").asText("");
            if (!text.isEmpty()) {
                open();
                ObjectNode delta = json.createObjectNode().put("type", "content_block_delta").put("index", 0);
                delta.putObject("delta").put("type", "text_delta").put("text", text);
                event("content_block_delta", delta);
            }
            if (choice.hasNonNull("finish_reason")) {
                stopReason = stopReason(choice.get("finish_reason").asText());
            }
        }
    }

    @Override
    public void done() {
        open();
        event("content_block_stop", json.createObjectNode().put("type", "content_block_stop").put("index", 0));
        ObjectNode delta = json.createObjectNode().put("type", "message_delta");
        delta.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
        delta.putObject("usage").put("input_tokens", inputTokens).put("output_tokens", outputTokens);
        event("message_delta", delta);
        end(200, "text/event-stream", frame("message_stop", json.createObjectNode().put("type", "message_stop")));
    }

    @Override
    public void brokenStream() {
        end(200, "text/event-stream", frame("error", AnthropicErrors.body(json, 502, "upstream worker failed mid-stream")));
    }

    @Override
    public void fail(ApiFailure failure) {
        AnthropicErrors.write(ctx, json, failure);
    }

    @Override
    public void workerRefused(int status, Buffer body) {
        end(status, "application/json", AnthropicErrors.body(json, status, Bodies.errorMessage(json, body)).toString());
    }

    /**
     * message_start and content_block_start, once, before the first delta: not on chunks without content (vLLM's
     * first one names only the role), so that a worker failing after one still fails over or gets an error status.
     */
    private void open() {
        if (started()) {
            return;
        }
        startStream("text/event-stream");
        ObjectNode message = message();
        message.putArray("content");
        message.putNull("stop_reason");
        message.putObject("usage").put("input_tokens", 0).put("output_tokens", 0);
        ObjectNode start = json.createObjectNode().put("type", "message_start");
        start.set("message", message);
        event("message_start", start);
        ObjectNode block = json.createObjectNode().put("type", "content_block_start").put("index", 0);
        block.putObject("content_block").put("type", "text").put("text", "");
        event("content_block_start", block);
    }

    private ObjectNode message() {
        ObjectNode message = json.createObjectNode().put("id", messageId).put("type", "message")
                .put("role", "assistant").put("model", model);
        message.putNull("stop_sequence");
        return message;
    }

    private void event(String name, ObjectNode data) {
        write(frame(name, data));
    }

    private static String frame(String name, ObjectNode data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    private static String stopReason(String finishReason) {
        return switch (finishReason) {
            case "length" -> "max_tokens";
            case "tool_calls" -> "tool_use";
            default -> "end_turn";
        };
    }
}
