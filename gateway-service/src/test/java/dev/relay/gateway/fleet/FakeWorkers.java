package dev.relay.gateway.fleet;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/**
 * Fake GPU workers. The healthy OpenAI worker always answers "hello from the fake worker" and reports
 * 7 prompt / 5 completion tokens, numbers the gateway cannot guess, so tests can tell them from estimates. Offered
 * tools, it and the Ollama worker call the first one with {@code {"city":"Paris"}} instead: the OpenAI worker streams
 * the call as vLLM does (a role chunk, the call's id and name, then its arguments in two fragments), the Ollama worker
 * sends it whole in the line before the last, as Ollama does. A prompt containing {@link Fleet#TAKES_A_SECOND} it
 * answers a second late, and a stop sequence that is one of its words cuts its answer there, named in
 * {@code stop_reason} as vLLM names it; one containing {@link Fleet#REFUSED_BY_OLLAMA} the Ollama worker refuses, in Ollama's shape.
 */
final class FakeWorkers {

    static final int TOKENIZED_COUNT = 4_321;
    static final List<String> WORDS = List.of("hello", " from", " the", " fake", " worker");

    private FakeWorkers() {
    }

    static void mount(Router router, Vertx vertx, Map<String, JsonObject> bodies, Map<String, Integer> calls) {
        router.post("/w/:name/*").handler(ctx -> {
            String name = ctx.pathParam("name");
            bodies.put(name, ctx.body().asJsonObject());
            calls.merge(name, 1, Integer::sum);
            ctx.next();
        });
        router.post("/w/ok/v1/chat/completions").handler(ctx -> {
            if (ctx.body().asString().contains(Fleet.TAKES_A_SECOND)) {
                vertx.setTimer(1_000, id -> {
                    if (ctx.response().closed()) { // the gateway gave the request up
                        calls.merge("ok-cancelled", 1, Integer::sum);
                    } else {
                        ok(ctx);
                    }
                });
            } else {
                ok(ctx);
            }
        });
        // vLLM's token count, beside /v1: a number the gateway's estimate never makes of a short prompt.
        router.post("/w/ok/tokenize").handler(ctx -> FakeFleet.json(ctx, 200,
                new JsonObject().put("count", TOKENIZED_COUNT).put("max_model_len", 32768)
                        .put("tokens", new JsonArray()).encode()));
        router.post("/w/boom/v1/chat/completions").handler(ctx -> ctx.response().setStatusCode(500).end("boom"));
        // As vLLM behind a limiter, or a provider at capacity: its own 429.
        router.post("/w/crowded/v1/chat/completions").handler(ctx -> FakeFleet.json(ctx, 429,
                new JsonObject().put("error", new JsonObject().put("message", "Too many requests")
                        .put("type", "rate_limit_error").put("code", 429)).encode()));
        router.post("/w/picky/v1/chat/completions").handler(ctx -> FakeFleet.json(ctx, 400,
                "{\"error\":{\"message\":\"picky worker says no\",\"type\":\"invalid_request_error\","
                        + "\"param\":\"temperature\",\"code\":null}}"));
        router.post("/w/midfail/v1/chat/completions").handler(ctx -> {
            HttpServerResponse response = sse(ctx);
            response.write(chunk("hello", null));
            response.write(chunk(" from", null));
            vertx.setTimer(100, id -> ctx.request().connection().close());
        });
        // vLLM's way of failing inside a stream: an error event, then [DONE]; all in one write, after a chunk.
        router.post("/w/miderror/v1/chat/completions").handler(ctx -> sse(ctx).end(chunk("hello", null)
                + "data: {\"error\":{\"message\":\"CUDA out of memory\",\"type\":\"InternalServerError\","
                + "\"code\":500}}\n\ndata: [DONE]\n\n"));
        // A reasoning model dying halfway through a tool call: no usage ever comes, only deltas without text.
        router.post("/w/toolfail/v1/chat/completions").handler(ctx -> {
            HttpServerResponse response = sse(ctx);
            response.write(deltaChunk(new JsonObject().put("reasoning_content", "Paris, so"), null));
            toolCallFragments("get_weather").subList(0, 2).forEach(response::write);
            vertx.setTimer(100, id -> ctx.request().connection().close());
        });
        // Says something, then calls a tool, as models often do.
        router.post("/w/chatty/v1/chat/completions").handler(ctx -> {
            HttpServerResponse response = sse(ctx);
            response.write(chunk("Let me check.", null));
            toolCallFragments(toolOffered(ctx.body().asJsonObject())).forEach(response::write);
            response.write(deltaChunk(new JsonObject(), "tool_calls"));
            response.end("data: [DONE]\n\n");
        });
        // Two parallel calls whose fragments interleave, as some OpenAI-compatible servers stream them.
        router.post("/w/parallel/v1/chat/completions").handler(ctx -> {
            HttpServerResponse response = sse(ctx);
            List<String> paris = toolCallFragments("get_weather");
            List<String> rome = toolCallFragments("get_weather").stream()
                    .map(c -> c.replace("\"index\":0", "\"index\":1").replace("call_fake1", "call_fake2")
                            .replace("Paris", "Rome"))
                    .toList();
            for (int i = 0; i < paris.size(); i++) {
                response.write(paris.get(i));
                response.write(rome.get(i));
            }
            response.write(deltaChunk(new JsonObject(), "tool_calls"));
            response.end("data: [DONE]\n\n");
        });
        // Dies after vLLM's first chunk, which names the role and carries no content.
        router.post("/w/rolefail/v1/chat/completions").handler(ctx -> {
            sse(ctx).write(deltaChunk(new JsonObject().put("role", "assistant").put("content", ""), null));
            vertx.setTimer(100, id -> ctx.request().connection().close());
        });
        router.post("/w/slow/v1/chat/completions").handler(ctx -> vertx.setTimer(8_000, id -> {
            if (!ctx.response().closed()) {
                ok(ctx);
            }
        }));
        // The whole stream in one write, as a worker that batches its tokens sends it.
        router.post("/w/burst/v1/chat/completions").handler(ctx -> sse(ctx).end(String.join("",
                WORDS.stream().map(word -> chunk(word, null)).toList()) + chunk(null, "stop") + "data: [DONE]\n\n"));
        router.post("/w/ollama/api/chat").handler(ctx -> {
            if (ctx.body().asString().contains(Fleet.REFUSED_BY_OLLAMA)) {
                // Ollama's way of refusing: a bare string under "error".
                FakeFleet.json(ctx, 400, new JsonObject().put("error", OLLAMA_REFUSAL).encode());
            } else {
                ollama(ctx);
            }
        });
        router.post("/w/trickle/v1/chat/completions").handler(ctx -> {
            HttpServerResponse response = sse(ctx);
            // As vLLM with stream_options.continuous_usage_stats: every chunk carries the counts so far.
            boolean usagePerChunk = ctx.body().asJsonObject().getJsonObject("stream_options", new JsonObject())
                    .getBoolean("continuous_usage_stats", false) && !ctx.body().asString().contains(Fleet.NO_RUNNING_COUNTS);
            int[] ticks = {0};
            long timer = vertx.setPeriodic(100, id -> {
                ticks[0]++;
                response.write(usagePerChunk ? withUsage(chunk(" tick", null), TRICKLE_PROMPT_TOKENS, ticks[0])
                        : chunk(" tick", null));
            });
            // A cancelled request shows up as its connection closing before the (never ending) stream ends.
            response.closeHandler(ignored -> {
                vertx.cancelTimer(timer);
                calls.merge("trickle-cancelled", 1, Integer::sum);
            });
        });
    }

    private static void ok(RoutingContext ctx) {
        JsonObject body = ctx.body().asJsonObject();
        boolean includeUsage = body.getJsonObject("stream_options", new JsonObject()).getBoolean("include_usage", false);
        String tool = toolOffered(body);
        // A stop sequence among its words cuts the answer there and is named in stop_reason, as vLLM does.
        Object stops = body.getValue("stop");
        String stop = stops instanceof JsonArray list && !list.isEmpty() ? list.getString(0)
                : stops instanceof String one ? one : null;
        List<String> words = stop == null || !WORDS.contains(stop) ? WORDS : WORDS.subList(0, WORDS.indexOf(stop));
        String stopReason = words == WORDS ? null : stop;
        if (!body.getBoolean("stream", false)) {
            JsonObject message = new JsonObject().put("role", "assistant").put("content", String.join("", words));
            if (tool != null) {
                message.putNull("content").put("tool_calls", new JsonArray().add(new JsonObject().put("id", "call_fake1")
                        .put("type", "function").put("function", new JsonObject().put("name", tool)
                                .put("arguments", "{\"city\":\"Paris\"}"))));
            }
            FakeFleet.json(ctx, 200, new JsonObject().put("id", "worker-1").put("object", "chat.completion")
                    .put("created", 1).put("model", body.getString("model"))
                    .put("choices", new JsonArray().add(new JsonObject().put("index", 0).put("message", message)
                            .put("finish_reason", tool == null ? "stop" : "tool_calls").put("stop_reason", stopReason)))
                    .put("usage", body.encode().contains(Fleet.COUNTS_A_TRILLION) ? new JsonObject()
                            .put("prompt_tokens", 1_000_000_000_000L).put("completion_tokens", 1_000_000_000_000L)
                            .put("total_tokens", 2_000_000_000_000L) : usage()).encode());
            return;
        }
        HttpServerResponse response = sse(ctx);
        boolean usagePerChunk = body.getJsonObject("stream_options", new JsonObject())
                .getBoolean("continuous_usage_stats", false);
        if (tool == null) {
            for (int i = 0; i < words.size(); i++) {
                // As vLLM with continuous_usage_stats: the counts so far on every chunk, the prompt's from the first.
                response.write(usagePerChunk ? withUsage(chunk(words.get(i), null), 7, i + 1) : chunk(words.get(i), null));
            }
            JsonObject finish = new JsonObject(chunk(null, "stop").substring("data: ".length()).trim());
            finish.getJsonArray("choices").getJsonObject(0).put("stop_reason", stopReason);
            response.write("data: " + finish.encode() + "\n\n");
        } else {
            response.write(deltaChunk(new JsonObject().put("role", "assistant").put("content", ""), null));
            toolCallFragments(tool).forEach(response::write);
            response.write(deltaChunk(new JsonObject(), "tool_calls"));
        }
        if (includeUsage) {
            response.write("data: " + new JsonObject().put("id", "worker-1").put("object", "chat.completion.chunk")
                    .put("choices", new JsonArray()).put("usage", usage()).encode() + "\n\n");
        }
        response.end("data: [DONE]\n\n");
    }

    private static void ollama(RoutingContext ctx) {
        JsonObject body = ctx.body().asJsonObject();
        JsonObject last = new JsonObject().put("model", body.getString("model")).put("done", true)
                .put("done_reason", "stop").put("prompt_eval_count", 9).put("eval_count", 4)
                .put("message", new JsonObject().put("role", "assistant").put("content", ""));
        String tool = toolOffered(body);
        JsonObject call = tool == null ? null : new JsonObject().put("role", "assistant").put("content", "")
                .put("tool_calls", new JsonArray().add(new JsonObject().put("function",
                        new JsonObject().put("name", tool).put("arguments", new JsonObject().put("city", "Paris")))));
        if (!body.getBoolean("stream", true)) {
            FakeFleet.json(ctx, 200, last.copy().put("message", call != null ? call
                    : new JsonObject().put("role", "assistant").put("content", "hi from ollama")).encode());
            return;
        }
        HttpServerResponse response = ctx.response().setChunked(true).putHeader("Content-Type", "application/x-ndjson");
        List<JsonObject> messages = call != null ? List.of(call) : List.of("hi", " from", " ollama").stream()
                .map(word -> new JsonObject().put("role", "assistant").put("content", word)).toList();
        for (JsonObject message : messages) {
            response.write(new JsonObject().put("model", body.getString("model")).put("done", false)
                    .put("message", message).encode() + "\n");
        }
        response.end(last.encode() + "\n");
    }

    private static HttpServerResponse sse(RoutingContext ctx) {
        return ctx.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
    }

    /** The name of the first tool the request offers, or null. */
    private static String toolOffered(JsonObject body) {
        JsonArray tools = body.getJsonArray("tools");
        return tools == null || tools.isEmpty() ? null : tools.getJsonObject(0).getJsonObject("function").getString("name");
    }

    private static JsonObject toolCallDelta(JsonObject call) {
        return new JsonObject().put("tool_calls", new JsonArray().add(call));
    }

    /** A call of {@code tool} with {@code {"city":"Paris"}} as vLLM streams it: id and name, then two fragments. */
    private static List<String> toolCallFragments(String tool) {
        return List.of(
                deltaChunk(toolCallDelta(new JsonObject().put("index", 0).put("id", "call_fake1").put("type", "function")
                        .put("function", new JsonObject().put("name", tool).put("arguments", ""))), null),
                deltaChunk(toolCallDelta(new JsonObject().put("index", 0)
                        .put("function", new JsonObject().put("arguments", "{\"city\":"))), null),
                deltaChunk(toolCallDelta(new JsonObject().put("index", 0)
                        .put("function", new JsonObject().put("arguments", "\"Paris\"}"))), null));
    }

    private static String chunk(String content, String finishReason) {
        return deltaChunk(content == null ? new JsonObject() : new JsonObject().put("content", content), finishReason);
    }

    private static String deltaChunk(JsonObject delta, String finishReason) {
        return "data: " + new JsonObject().put("id", "worker-1").put("object", "chat.completion.chunk")
                .put("choices", new JsonArray().add(new JsonObject().put("index", 0).put("delta", delta)
                        .put("finish_reason", finishReason)))
                .encode() + "\n\n";
    }

    static final String OLLAMA_REFUSAL = "This model's maximum context length is 32768 tokens";

    /** The prompt length the trickle worker reports when it reports usage on every chunk. */
    static final int TRICKLE_PROMPT_TOKENS = 31;

    private static String withUsage(String event, int promptTokens, int completionTokens) {
        JsonObject chunk = new JsonObject(event.substring("data: ".length()).trim());
        chunk.put("usage", new JsonObject().put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens));
        return "data: " + chunk.encode() + "\n\n";
    }

    private static JsonObject usage() {
        return new JsonObject().put("prompt_tokens", 7).put("completion_tokens", 5).put("total_tokens", 12);
    }
}
