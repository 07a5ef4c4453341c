package dev.relay.gateway.dialect.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.gateway.dialect.HttpChatSink;
import dev.relay.gateway.dialect.openai.Bodies;
import dev.relay.gateway.proxy.ToolCalls;
import dev.relay.gateway.service.ApiFailure;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a chat answer as Ollama: one JSON object, or NDJSON lines ending with a {@code done:true} line. Tool calls
 * are Ollama's ({@code message.tool_calls}, arguments an object); streamed, they come whole in the line before the last.
 * An answer to {@code /api/generate} has the same lines with the text in {@code response} instead of a message.
 * The last line carries Ollama's durations (nanoseconds, which clients divide counts by for tokens a second), as
 * the gateway measured them: from the worker being asked to its first token, and from there to its last.
 */
public final class OllamaSink extends HttpChatSink {

    private final ObjectMapper json;
    private final String model;
    private final boolean generate;
    private String doneReason = "stop";
    private long promptTokens;
    private long completionTokens;
    private long askedNanos = System.nanoTime();
    private long firstTokenNanos = -1;
    /** Tool calls streamed so far, by their OpenAI index, in OpenAI's shape. */
    private final Map<Integer, ObjectNode> calls = new TreeMap<>();

    private OllamaSink(RoutingContext ctx, ObjectMapper json, String model, boolean generate) {
        super(ctx);
        this.json = json;
        this.model = model;
        this.generate = generate;
    }

    /** For {@code /api/chat}: the text in {@code message.content}. */
    public static OllamaSink chat(RoutingContext ctx, ObjectMapper json, String model) {
        return new OllamaSink(ctx, json, model, false);
    }

    /** For {@code /api/generate}: the text in {@code response}. */
    public static OllamaSink generate(RoutingContext ctx, ObjectMapper json, String model) {
        return new OllamaSink(ctx, json, model, true);
    }

    @Override
    public void attemptStarted() {
        askedNanos = System.nanoTime();
        firstTokenNanos = -1;
        calls.clear();
        doneReason = "stop";
        promptTokens = 0;
        completionTokens = 0;
    }

    @Override
    public void completion(ObjectNode answer) {
        JsonNode choice = answer.path("choices").path(0);
        ObjectNode out = line(choice.path("message").path("content").asText(""), true);
        if (!generate && choice.path("message").path("tool_calls").isArray()) {
            ((ObjectNode) out.get("message")).set("tool_calls",
                    ToolCalls.toOllama(json, choice.path("message").path("tool_calls")));
        }
        out.put("done_reason", reason(choice.path("finish_reason").asText("stop")));
        out.put("prompt_eval_count", answer.path("usage").path("prompt_tokens").asLong());
        out.put("eval_count", answer.path("usage").path("completion_tokens").asLong());
        durations(out);
        end(200, "application/json", out.toString());
    }

    @Override
    public void chunk(ObjectNode chunk) {
        JsonNode usage = chunk.path("usage");
        if (usage.isObject()) {
            promptTokens = usage.path("prompt_tokens").asLong();
            completionTokens = usage.path("completion_tokens").asLong();
        }
        for (JsonNode choice : chunk.path("choices")) {
            String text = choice.path("delta").path("content").asText("");
            if (!text.isEmpty()) {
                if (firstTokenNanos < 0) {
                    firstTokenNanos = System.nanoTime();
                }
                // Started only once something is written: a worker failing after a chunk without content (vLLM's
                // first one names only the role) still fails over, or gets an error status.
                startStream("application/x-ndjson");
                write(line(text, false) + "\n");
            }
            for (JsonNode call : choice.path("delta").path("tool_calls")) {
                gather(call);
            }
            if (choice.hasNonNull("finish_reason")) {
                doneReason = reason(choice.get("finish_reason").asText());
            }
        }
    }

    /** OpenAI streams a call in fragments (id and name, then pieces of the arguments); Ollama sends it whole. */
    private void gather(JsonNode fragment) {
        ObjectNode call = calls.computeIfAbsent(fragment.path("index").asInt(0), index -> {
            ObjectNode whole = json.createObjectNode();
            whole.putObject("function").put("name", "").put("arguments", "");
            return whole;
        });
        ObjectNode function = (ObjectNode) call.get("function");
        JsonNode piece = fragment.path("function");
        if (piece.hasNonNull("name")) {
            function.put("name", piece.get("name").asText());
        }
        function.put("arguments", function.get("arguments").asText() + piece.path("arguments").asText(""));
    }

    @Override
    public void done() {
        startStream("application/x-ndjson");
        if (!generate && !calls.isEmpty()) { // in a line of their own before the last, as Ollama sends them
            ObjectNode line = line("", false);
            ((ObjectNode) line.get("message")).set("tool_calls", ToolCalls.toOllama(json, json.createArrayNode().addAll(calls.values())));
            write(line + "\n");
        }
        ObjectNode last = line("", true);
        last.put("done_reason", doneReason);
        last.put("prompt_eval_count", promptTokens);
        last.put("eval_count", completionTokens);
        durations(last);
        end(200, "application/x-ndjson", last + "\n");
    }

    @Override
    public void brokenStream() {
        end(200, "application/x-ndjson", OllamaErrors.body(json, "upstream worker failed mid-stream") + "\n");
    }

    @Override
    public void fail(ApiFailure failure) {
        OllamaErrors.write(ctx, json, failure);
    }

    @Override
    public void workerRefused(int status, Buffer body) {
        end(status, "application/json", OllamaErrors.body(json, Bodies.errorMessage(json, body)));
    }

    private ObjectNode line(String content, boolean done) {
        ObjectNode out = json.createObjectNode().put("model", model).put("created_at", Instant.now().toString());
        if (generate) {
            out.put("response", content);
        } else {
            out.putObject("message").put("role", "assistant").put("content", content);
        }
        out.put("done", done);
        return out;
    }

    /**
     * Ollama's durations of a finished answer. Without a stream the whole wait counts as generating (no first token
     * is seen apart), and the prompt's share is left at 0; nothing is loaded here, so neither is load_duration.
     */
    private void durations(ObjectNode last) {
        long now = System.nanoTime();
        long first = firstTokenNanos < 0 ? askedNanos : firstTokenNanos;
        last.put("total_duration", now - askedNanos);
        last.put("load_duration", 0);
        last.put("prompt_eval_duration", first - askedNanos);
        last.put("eval_duration", now - first);
    }

    private static String reason(String finishReason) {
        return "length".equals(finishReason) ? "length" : "stop";
    }
}
