package dev.relay.simulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.simulator.config.SimulatorConfig;
import dev.relay.simulator.service.ChatRequest;
import dev.relay.simulator.service.ChatService;
import dev.relay.simulator.service.ChoicePlan;
import dev.relay.simulator.service.Generation;
import dev.relay.simulator.engine.SequenceTiming;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.time.Instant;

/**
 * {@code POST /api/chat} as Ollama answers it: NDJSON by default (one object per token, then a {@code done} object
 * with the counts and durations in nanoseconds), or one object with {@code "stream": false}. Durations are the
 * simulated ones: {@code load_duration} is the time spent queued, {@code prompt_eval_duration} the prefill,
 * {@code eval_duration} the decode.
 */
@Singleton
class OllamaChat extends ChatEndpoint {

    OllamaChat(ObjectMapper json, ChatService chats, SimulatorConfig config) {
        super(json, chats, config, ChatRequests::fromOllama, true);
    }

    @Override
    protected void error(RoutingContext ctx, int status, String type, String message) {
        OllamaErrors.send(json, ctx, status, status == 404 ? ollamaNotFound(ctx) : message);
    }

    private String ollamaNotFound(RoutingContext ctx) {
        String model = "";
        try {
            model = json.readTree(ctx.body().asString()).path("model").asText("");
        } catch (Exception ignored) {
            // the body parsed once already; this cannot fail in practice
        }
        return "model \"" + model + "\" not found, try pulling it first";
    }

    private ObjectNode part(ChatRequest request, String content) {
        ObjectNode part = json.createObjectNode().put("model", request.model()).put("created_at", Instant.now().toString());
        part.putObject("message").put("role", "assistant").put("content", content);
        return part;
    }

    /** The closing object: counts and simulated durations, in nanoseconds as Ollama reports them. */
    private ObjectNode done(ObjectNode part, ChoicePlan plan, Generation.Result result) {
        SequenceTiming timing = result.timing();
        if (plan.isToolCall()) {
            ObjectNode function = ((ObjectNode) part.get("message")).putArray("tool_calls").addObject()
                    .putObject("function").put("name", plan.toolName());
            try {
                function.set("arguments", json.readTree(plan.text()));
            } catch (Exception e) {
                function.putObject("arguments");
            }
        }
        return part.put("done_reason", "length".equals(plan.finishReason()) ? "length" : "stop").put("done", true)
                .put("total_duration", timing.totalNanos()).put("load_duration", timing.queueNanos())
                .put("prompt_eval_count", result.promptTokens()).put("prompt_eval_duration", timing.prefillNanos())
                .put("eval_count", result.completionTokens()).put("eval_duration", timing.decodeNanos());
    }

    @Override
    protected Exchange whole(RoutingContext ctx, ChatRequest request, Generation generation, Fault fault) {
        return new Exchange(ctx, request, generation, fault) {
            @Override
            public void token(int choice, int index, String piece) {
                mayWriteChunk();
            }

            @Override
            public void completed(Generation.Result result) {
                if (!live()) {
                    return;
                }
                ChoicePlan plan = result.choices().get(0);
                ObjectNode answer = done(part(request, plan.isToolCall() ? "" : plan.text()), plan, result);
                ctx.response().putHeader("content-type", "application/json; charset=utf-8").end(answer.toString());
            }
        };
    }

    @Override
    protected Exchange streaming(RoutingContext ctx, JsonNode body, ChatRequest request, Generation generation,
                                 Fault fault) {
        return new Exchange(ctx, request, generation, fault) {
            private boolean headersSent;

            private void send(ObjectNode part) {
                if (!headersSent) {
                    headersSent = true;
                    ctx.response().setChunked(true).putHeader("content-type", "application/x-ndjson");
                }
                ctx.response().write(part.toString() + "\n");
            }

            @Override
            public void token(int choice, int index, String piece) {
                // Ollama sends a tool call whole in one message, so its argument pieces are not streamed.
                if (!live() || piece.isEmpty() || generation.plans().get(choice).isToolCall() || !mayWriteChunk()) {
                    return;
                }
                send(part(request, piece).put("done", false));
            }

            @Override
            public void completed(Generation.Result result) {
                if (!live()) {
                    return;
                }
                send(done(part(request, ""), result.choices().get(0), result));
                ctx.response().end();
            }
        };
    }
}
