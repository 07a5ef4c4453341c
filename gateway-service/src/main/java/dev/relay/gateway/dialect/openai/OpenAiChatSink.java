package dev.relay.gateway.dialect.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.gateway.proxy.ChatSink;
import dev.relay.gateway.service.ApiFailure;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** Writes a chat answer as OpenAI: one chat.completion, or SSE chunks ending with {@code data: [DONE]}. */
public final class OpenAiChatSink implements ChatSink {

    static final String BROKEN_STREAM = "{\"error\":{\"message\":\"upstream worker failed mid-stream\","
            + "\"type\":\"server_error\",\"code\":\"upstream_error\"}}";

    private final RoutingContext ctx;
    private final ObjectMapper json;
    private final String completionId;
    private final String taskId;
    private final String model;
    private final String mode;
    private final long created = System.currentTimeMillis() / 1000;
    private boolean committed;

    public OpenAiChatSink(RoutingContext ctx, ObjectMapper json, String completionId, String taskId, String model,
            String mode) {
        this.ctx = ctx;
        this.json = json;
        this.completionId = completionId;
        this.taskId = taskId;
        this.model = model;
        this.mode = mode;
    }

    @Override
    public void completion(ObjectNode answer) {
        ObjectNode out = json.createObjectNode();
        out.put("id", completionId);
        out.put("object", "chat.completion");
        out.put("created", created);
        out.put("model", model);
        out.set("choices", answer.path("choices").isArray() ? answer.get("choices") : json.createArrayNode());
        out.set("usage", answer.path("usage").isObject() ? answer.get("usage") : json.nullNode());
        if (answer.hasNonNull("system_fingerprint")) {
            out.set("system_fingerprint", answer.get("system_fingerprint"));
        }
        out.put("task_id", taskId);
        out.putNull("task_address");
        out.put("mode", mode);
        committed = true;
        if (!ctx.response().closed()) {
            ctx.response().putHeader("Content-Type", "application/json").end(out.toString());
        }
    }

    @Override
    public void chunk(ObjectNode chunk) {
        HttpServerResponse response = ctx.response();
        if (response.closed()) {
            return;
        }
        if (!committed) {
            committed = true;
            response.setChunked(true)
                    .putHeader("Content-Type", "text/event-stream")
                    .putHeader("Cache-Control", "no-cache")
                    .putHeader("X-Accel-Buffering", "no");
        }
        ObjectNode out = json.createObjectNode();
        out.put("id", completionId);
        out.put("object", "chat.completion.chunk");
        out.put("created", created);
        out.put("model", model);
        chunk.fields().forEachRemaining(field -> {
            if (!out.has(field.getKey()) && !"object".equals(field.getKey())) {
                out.set(field.getKey(), field.getValue());
            }
        });
        response.write("data: " + out + "\n\n");
    }

    @Override
    public void done() {
        if (!committed) {
            // A worker that streamed nothing at all: still a valid, empty stream.
            chunk(json.createObjectNode().set("choices", json.createArrayNode()));
        }
        if (!ctx.response().closed()) {
            ctx.response().end("data: [DONE]\n\n");
        }
    }

    @Override
    public void brokenStream() {
        if (!ctx.response().closed()) {
            ctx.response().end("data: " + BROKEN_STREAM + "\n\n");
        }
    }

    @Override
    public void fail(ApiFailure failure) {
        OpenAiErrors.write(ctx, json, failure);
    }

    @Override
    public void workerRefused(int status, Buffer body) {
        committed = true;
        if (!ctx.response().closed()) {
            JsonNode parsed = parseOrNull(body);
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(parsed != null && parsed.has("error") ? parsed.toString()
                            : OpenAiErrors.envelope(json, new ApiFailure(status, "invalid_request_error",
                                    "worker_rejected", "The worker rejected the request")).toString());
        }
    }

    @Override
    public boolean committed() {
        return committed;
    }

    @Override
    public boolean congested() {
        return ctx.response().writeQueueFull();
    }

    @Override
    public void onDrain(Runnable resume) {
        ctx.response().drainHandler(ignored -> resume.run());
    }

    @Override
    public void onClientGone(Runnable gone) {
        if (ctx.response().closed()) {
            gone.run();
            return;
        }
        ctx.response().closeHandler(ignored -> {
            if (!ctx.response().ended()) {
                gone.run();
            }
        });
    }

    private JsonNode parseOrNull(Buffer body) {
        try {
            return json.readTree(body.getBytes());
        } catch (Exception e) {
            return null;
        }
    }
}
