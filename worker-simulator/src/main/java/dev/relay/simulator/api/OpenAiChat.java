package dev.relay.simulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.simulator.config.SimulatorConfig;
import dev.relay.simulator.service.ChatRequest;
import dev.relay.simulator.service.ChatService;
import dev.relay.simulator.service.ChoicePlan;
import dev.relay.simulator.service.Generation;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.util.UUID;

/**
 * {@code POST /v1/chat/completions} as vLLM's OpenAI-compatible server answers it: a {@code chat.completion}, or
 * server-sent {@code chat.completion.chunk}s (role first, one token per chunk, a finish chunk per choice, the usage
 * chunk when {@code stream_options.include_usage}, then {@code data: [DONE]}; with
 * {@code stream_options.continuous_usage_stats} too, every chunk carries the usage so far).
 */
@Singleton
class OpenAiChat extends ChatEndpoint {

    OpenAiChat(ObjectMapper json, ChatService chats, SimulatorConfig config) {
        super(json, chats, config, ChatRequests::fromOpenAi, false);
    }

    @Override
    protected void error(RoutingContext ctx, int status, String type, String message) {
        OpenAiErrors.send(json, ctx, status, type, message);
    }

    private ObjectNode envelope(String id, String object, String model, long created) {
        return json.createObjectNode().put("id", id).put("object", object).put("created", created).put("model", model);
    }

    private ObjectNode usage(Generation.Result result) {
        return json.createObjectNode().put("prompt_tokens", result.promptTokens())
                .put("completion_tokens", result.completionTokens())
                .put("total_tokens", result.promptTokens() + result.completionTokens());
    }

    private static String completionId() {
        return "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
    }

    @Override
    protected Exchange whole(RoutingContext ctx, ChatRequest request, Generation generation, Fault fault) {
        return new Exchange(ctx, request, generation, fault) {
            private final long created = System.currentTimeMillis() / 1000;

            @Override
            public void token(int choice, int index, String piece) {
                mayWriteChunk(); // nothing is written before the end; a fail-after fault still drops mid-generation
            }

            @Override
            public void completed(Generation.Result result) {
                if (!live()) {
                    return;
                }
                ObjectNode completion = envelope(completionId(), "chat.completion", request.model(), created);
                ArrayNode choices = completion.putArray("choices");
                for (int i = 0; i < result.choices().size(); i++) {
                    ChoicePlan plan = result.choices().get(i);
                    ObjectNode choice = choices.addObject().put("index", i);
                    ObjectNode message = choice.putObject("message").put("role", "assistant");
                    if (plan.isToolCall()) {
                        message.putNull("content");
                        ObjectNode call = message.putArray("tool_calls").addObject()
                                .put("id", plan.toolCallId()).put("type", "function");
                        call.putObject("function").put("name", plan.toolName()).put("arguments", plan.text());
                    } else {
                        message.put("content", plan.text());
                    }
                    choice.putNull("logprobs");
                    choice.put("finish_reason", plan.finishReason()).put("stop_reason", plan.stopReason());
                }
                completion.set("usage", usage(result));
                ctx.response().putHeader("content-type", "application/json").end(completion.toString());
            }
        };
    }

    @Override
    protected Exchange streaming(RoutingContext ctx, JsonNode body, ChatRequest request, Generation generation,
                                 Fault fault) {
        boolean includeUsage = body.path("stream_options").path("include_usage").asBoolean(false);
        // vLLM's stream_options.continuous_usage_stats: every chunk carries the usage so far, not only the last one.
        boolean continuousUsage = includeUsage
                && body.path("stream_options").path("continuous_usage_stats").asBoolean(false);
        return new Exchange(ctx, request, generation, fault) {
            private final String id = completionId();
            private final long created = System.currentTimeMillis() / 1000;
            private boolean headersSent;
            private int generated;

            private ObjectNode chunk() {
                return envelope(id, "chat.completion.chunk", request.model(), created);
            }

            private ObjectNode choiceOf(ObjectNode chunk, int index) {
                ObjectNode choice = chunk.putArray("choices").addObject().put("index", index);
                choice.putNull("logprobs");
                choice.putNull("finish_reason");
                return choice;
            }

            /** A chunk of the answer, with the usage so far when it is reported continuously. */
            private void send(ObjectNode chunk) {
                if (continuousUsage) {
                    int prompt = generation.promptTokenCount();
                    chunk.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", generated)
                            .put("total_tokens", prompt + generated);
                }
                write(chunk);
            }

            private void write(ObjectNode chunk) {
                ctx.response().write("data: " + chunk + "\n\n");
            }

            /** vLLM opens every choice with an empty assistant delta; sent with the first token so errors stay 4xx. */
            private void open() {
                if (headersSent) {
                    return;
                }
                headersSent = true;
                ctx.response().setChunked(true).putHeader("content-type", "text/event-stream; charset=utf-8")
                        .putHeader("cache-control", "no-cache");
                for (int i = 0; i < request.n(); i++) {
                    ObjectNode chunk = chunk();
                    choiceOf(chunk, i).putObject("delta").put("role", "assistant").put("content", "");
                    send(chunk);
                }
            }

            @Override
            public void token(int choice, int index, String piece) {
                if (!live()) {
                    return;
                }
                open();
                ChoicePlan plan = generation.plans().get(choice);
                generated++;
                if (piece.isEmpty() && !plan.isToolCall()) {
                    return; // a token swallowed by a stop sequence
                }
                if (!mayWriteChunk()) {
                    return;
                }
                ObjectNode chunk = chunk();
                ObjectNode delta = choiceOf(chunk, choice).putObject("delta");
                if (plan.isToolCall()) {
                    ObjectNode call = delta.putArray("tool_calls").addObject().put("index", 0);
                    if (index == 0) {
                        call.put("id", plan.toolCallId()).put("type", "function");
                        call.putObject("function").put("name", plan.toolName()).put("arguments", piece);
                    } else {
                        call.putObject("function").put("arguments", piece);
                    }
                } else {
                    delta.put("content", piece);
                }
                send(chunk);
            }

            @Override
            public void choiceFinished(int choice, ChoicePlan plan) {
                if (!live()) {
                    return;
                }
                ObjectNode chunk = chunk();
                ObjectNode finished = choiceOf(chunk, choice);
                finished.putObject("delta");
                finished.put("finish_reason", plan.finishReason()).put("stop_reason", plan.stopReason());
                send(chunk);
            }

            @Override
            public void completed(Generation.Result result) {
                if (!live()) {
                    return;
                }
                if (includeUsage) {
                    ObjectNode chunk = chunk();
                    chunk.putArray("choices");
                    chunk.set("usage", usage(result));
                    write(chunk); // the final count as it is, even if continuous
                }
                ctx.response().end("data: [DONE]\n\n");
            }
        };
    }
}
