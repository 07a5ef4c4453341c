package dev.relay.gateway.dialect.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.gateway.dialect.HttpChatSink;
import dev.relay.gateway.service.ApiFailure;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/** Writes a chat answer as OpenAI: one chat.completion, or SSE chunks ending with {@code data: [DONE]}. */
public final class OpenAiChatSink extends HttpChatSink {

    static final String BROKEN_STREAM = "{\"error\":{\"message\":\"upstream worker failed mid-stream\","
            + "\"type\":\"server_error\",\"code\":\"upstream_error\"}}";

    private final ObjectMapper json;
    private final String completionId;
    private final String taskId;
    private final String model;
    private final String mode;
    private final long created = System.currentTimeMillis() / 1000;

    public OpenAiChatSink(RoutingContext ctx, ObjectMapper json, String completionId, String taskId, String model,
            String mode) {
        super(ctx);
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
        end(200, "application/json", out.toString());
    }

    @Override
    public void chunk(ObjectNode chunk) {
        startStream("text/event-stream");
        ObjectNode out = json.createObjectNode();
        out.put("id", completionId);
        out.put("object", "chat.completion.chunk");
        out.put("created", created);
        out.put("model", model);
        chunk.fields().forEachRemaining(field -> {
            if (!out.has(field.getKey())) {
                out.set(field.getKey(), field.getValue());
            }
        });
        write("data: " + out + "\n\n");
    }

    @Override
    public void done() {
        if (!started()) {
            // A worker that streamed nothing at all: still a valid, empty stream.
            chunk(json.createObjectNode().set("choices", json.createArrayNode()));
        }
        end(200, "text/event-stream", "data: [DONE]\n\n");
    }

    @Override
    public void brokenStream() {
        end(200, "text/event-stream", "data: " + BROKEN_STREAM + "\n\n");
    }

    @Override
    public void fail(ApiFailure failure) {
        OpenAiErrors.write(ctx, json, failure);
    }

    @Override
    public void workerRefused(int status, Buffer body) {
        JsonNode parsed = Bodies.parseOrNull(json, body);
        end(status, "application/json", parsed != null && parsed.has("error") ? parsed.toString()
                : OpenAiErrors.envelope(json, workerRejected(status)).toString());
    }

    /** The failure a worker's refusal becomes when its own answer cannot be passed on. */
    public static ApiFailure workerRejected(int status) {
        return new ApiFailure(status, "invalid_request_error", "worker_rejected", "The worker rejected the request");
    }
}
