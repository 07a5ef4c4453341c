package dev.relay.gateway.dialect.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.gateway.dialect.HttpChatSink;
import dev.relay.gateway.dialect.openai.Bodies;
import dev.relay.gateway.proxy.ToolCalls;
import dev.relay.gateway.service.ApiFailure;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes a chat answer as an Anthropic message, or as its event stream: message_start, then per content block
 * content_block_start, content_block_delta..., content_block_stop, then message_delta (stop reason, usage),
 * message_stop. Text is a {@code text} block, each tool call a {@code tool_use} block whose input streams as
 * {@code input_json_delta} fragments, as OpenAI streams the arguments. A worker that interleaves the fragments of
 * parallel calls still gives one contiguous block per call: the later calls are held and sent whole at the end.
 */
public final class AnthropicSink extends HttpChatSink {

    private final ObjectMapper json;
    private final String messageId;
    private final String model;
    private String stopReason = "end_turn";
    /** The stop sequence that ended the answer, when the worker named one. */
    private String stopSequence;
    private long inputTokens;
    private long outputTokens;
    /** The next content block's index, the open one's (-1: none), and whether that one is text. */
    private int nextBlock;
    private int openBlock = -1;
    private boolean textOpen;
    /** OpenAI tool call index → its call; the one whose tool_use block is open, if any. */
    private final Map<Integer, StreamedCall> calls = new HashMap<>();
    private StreamedCall openCall;
    /**
     * Content that came while {@link #openCall}'s arguments were unfinished: text, and the calls of a worker that
     * interleaves the fragments of parallel calls. An Anthropic block, once stopped, cannot take more deltas, so these
     * are sent whole, in order, once the stream ends.
     */
    private final List<Object> held = new ArrayList<>();

    /**
     * @param inputEstimate the prompt's tokens as Relay estimates them: message_start's {@code input_tokens} when
     *     the worker has not counted them by its first content (Ollama counts at the end), where Anthropic always
     *     gives them; message_delta then carries the worker's own count
     */
    public AnthropicSink(RoutingContext ctx, ObjectMapper json, String messageId, String model, long inputEstimate) {
        super(ctx);
        this.json = json;
        this.messageId = messageId;
        this.model = model;
        this.inputTokens = inputEstimate;
    }

    @Override
    public void completion(ObjectNode answer) {
        JsonNode choice = answer.path("choices").path(0);
        JsonNode calls = choice.path("message").path("tool_calls");
        String text = choice.path("message").path("content").asText("");
        ObjectNode message = message();
        ArrayNode content = message.putArray("content");
        if (!text.isEmpty() || calls.isEmpty()) {
            content.addObject().put("type", "text").put("text", text);
        }
        for (JsonNode call : calls) {
            ObjectNode block = toolUse(call);
            block.set("input", ToolCalls.argumentsObject(json, call.path("function").path("arguments")));
            content.add(block);
        }
        message.put("stop_reason", stopReason(choice, !calls.isEmpty()));
        message.put("stop_sequence", stopSequence(choice));
        message.putObject("usage")
                .put("input_tokens", answer.path("usage").path("prompt_tokens").asLong())
                .put("output_tokens", answer.path("usage").path("completion_tokens").asLong());
        end(200, "application/json", message.toString());
    }

    @Override
    public void workerUsage(JsonNode usage) {
        if (usage.isObject()) {
            inputTokens = usage.path("prompt_tokens").asLong();
            outputTokens = usage.path("completion_tokens").asLong();
        }
    }

    @Override
    public void chunk(ObjectNode chunk) {
        for (JsonNode choice : chunk.path("choices")) {
            String text = choice.path("delta").path("content").asText("");
            if (!text.isEmpty()) {
                text(text);
            }
            for (JsonNode call : choice.path("delta").path("tool_calls")) {
                toolCallDelta(call);
            }
            if (choice.hasNonNull("finish_reason")) {
                stopReason = stopReason(choice, !calls.isEmpty());
                stopSequence = stopSequence(choice);
            }
        }
    }

    private void text(String text) {
        if (holding()) {
            if (!held.isEmpty() && held.get(held.size() - 1) instanceof StringBuilder last) {
                last.append(text);
            } else {
                held.add(new StringBuilder(text));
            }
            return;
        }
        if (!textOpen) {
            startBlock(json.createObjectNode().put("type", "text").put("text", ""));
            textOpen = true;
        }
        textDelta(text);
    }

    /**
     * The first fragment of a call (id and name) opens its tool_use block, unless the open call may still get
     * arguments; argument fragments are its deltas.
     */
    private void toolCallDelta(JsonNode fragment) {
        StreamedCall call = calls.get(fragment.path("index").asInt(0));
        if (call == null) {
            call = new StreamedCall(toolUse(fragment));
            calls.put(fragment.path("index").asInt(0), call);
            if (holding()) {
                held.add(call);
            } else {
                call.block = startBlock(call.start);
                openCall = call;
            }
        }
        String arguments = fragment.path("function").path("arguments").asText("");
        if (arguments.isEmpty()) {
            return;
        }
        if (call == openCall) {
            argumentsDelta(call.block, arguments);
        }
        // Held calls send theirs at the end. A call whose block was stopped had whole arguments; what comes after
        // them could only make them invalid, so it is not sent.
        if (call == openCall || call.block < 0) {
            call.arguments.append(arguments);
        }
    }

    /** Whether new content must wait: it already does, or the open call's arguments are not yet a whole value. */
    private boolean holding() {
        return !held.isEmpty() || openCall != null && !openCall.argumentsWhole(json);
    }

    @Override
    public void done() {
        open();
        stopBlock();
        for (Object content : held) {
            if (content instanceof StreamedCall call) {
                call.block = startBlock(call.start);
                if (!call.arguments.isEmpty()) {
                    argumentsDelta(call.block, call.arguments.toString());
                }
            } else {
                startBlock(json.createObjectNode().put("type", "text").put("text", ""));
                textDelta(content.toString());
            }
            stopBlock();
        }
        ObjectNode delta = json.createObjectNode().put("type", "message_delta");
        delta.putObject("delta").put("stop_reason", stopReason).put("stop_sequence", stopSequence);
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
     * message_start, once, before the first block: not on chunks without content (vLLM's first one names only the
     * role), so that a worker failing after one still fails over or gets an error status.
     */
    private void open() {
        if (started()) {
            return;
        }
        startStream("text/event-stream");
        ObjectNode message = message();
        message.putArray("content");
        message.putNull("stop_reason");
        // The prompt's count as far as the worker has told it: vLLM's continuous usage names it from the first chunk.
        message.putObject("usage").put("input_tokens", inputTokens).put("output_tokens", 0);
        ObjectNode start = json.createObjectNode().put("type", "message_start");
        start.set("message", message);
        event("message_start", start);
    }

    /** Stops the open block and starts {@code block} after it; returns its index. */
    private int startBlock(ObjectNode block) {
        open();
        stopBlock();
        openBlock = nextBlock++;
        ObjectNode start = blockEvent("content_block_start", openBlock);
        start.set("content_block", block);
        event("content_block_start", start);
        return openBlock;
    }

    private void stopBlock() {
        if (openBlock >= 0) {
            event("content_block_stop", blockEvent("content_block_stop", openBlock));
        }
        openBlock = -1;
        textOpen = false;
        openCall = null;
    }

    private void textDelta(String text) {
        ObjectNode delta = blockEvent("content_block_delta", openBlock);
        delta.putObject("delta").put("type", "text_delta").put("text", text);
        event("content_block_delta", delta);
    }

    private void argumentsDelta(int block, String partialJson) {
        ObjectNode delta = blockEvent("content_block_delta", block);
        delta.putObject("delta").put("type", "input_json_delta").put("partial_json", partialJson);
        event("content_block_delta", delta);
    }

    private ObjectNode blockEvent(String type, int index) {
        return json.createObjectNode().put("type", type).put("index", index);
    }

    private ObjectNode toolUse(JsonNode call) {
        String id = call.path("id").asText("");
        return json.createObjectNode().put("type", "tool_use")
                .put("id", id.isEmpty() ? "toolu_" + UUID.randomUUID().toString().replace("-", "") : id)
                .put("name", call.path("function").path("name").asText());
    }

    /** A streamed tool call: its tool_use block's start, the block's index once started (-1 before), its arguments. */
    private static final class StreamedCall {
        final ObjectNode start;
        final StringBuilder arguments = new StringBuilder();
        int block = -1;
        private int checkedLength = -1;
        private boolean whole;

        StreamedCall(ObjectNode start) {
            this.start = start;
            start.putObject("input");
        }

        /** Whether the arguments so far parse as one JSON value; parsed again only when they grew. */
        boolean argumentsWhole(ObjectMapper json) {
            if (checkedLength != arguments.length()) {
                checkedLength = arguments.length();
                try {
                    whole = !json.readTree(arguments.toString()).isMissingNode();
                } catch (JsonProcessingException unfinished) {
                    whole = false;
                }
            }
            return whole;
        }
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

    /**
     * The stop sequence that ended a choice, where the worker names it (vLLM's {@code stop_reason}, a string when a
     * stop string matched, a number for a stop token id); else null.
     */
    private static String stopSequence(JsonNode choice) {
        return "stop".equals(choice.path("finish_reason").asText()) && choice.path("stop_reason").isTextual()
                ? choice.get("stop_reason").asText() : null;
    }

    private static String stopReason(JsonNode choice, boolean toolCalls) {
        if (stopSequence(choice) != null) {
            return "stop_sequence";
        }
        return switch (choice.path("finish_reason").asText("stop")) {
            case "length" -> "max_tokens";
            case "tool_calls" -> "tool_use";
            default -> toolCalls ? "tool_use" : "end_turn";
        };
    }
}
