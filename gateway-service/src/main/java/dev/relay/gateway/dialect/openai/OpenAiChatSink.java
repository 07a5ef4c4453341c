package dev.relay.gateway.dialect.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.gateway.dialect.HttpChatSink;
import dev.relay.gateway.proxy.JsonBodies;
import dev.relay.gateway.service.ApiFailure;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;

/** Writes a chat answer as OpenAI: one chat.completion, or SSE chunks ending with {@code data: [DONE]}. */
public final class OpenAiChatSink extends HttpChatSink {

    static final String BROKEN_STREAM = "{\"error\":{\"message\":\"upstream worker failed mid-stream\","
            + "\"type\":\"server_error\",\"code\":\"upstream_error\"}}";

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private final ObjectMapper json;
    private final CompletionHeader header;

    public OpenAiChatSink(RoutingContext ctx, ObjectMapper json, CompletionHeader header) {
        super(ctx);
        this.json = json;
        this.header = header;
    }

    @Override
    public void completion(ObjectNode answer) {
        end(200, "application/json", header.completion(json, answer).toString());
    }

    @Override
    public void chunk(ObjectNode chunk) {
        startStream("text/event-stream");
        ObjectNode out = json.createObjectNode();
        out.put("id", header.completionId());
        out.put("object", "chat.completion.chunk");
        out.put("created", header.created());
        out.put("model", header.model());
        out.put("task_id", header.taskId());
        out.put("task_address", header.taskAddress());
        out.put("mode", header.mode());
        chunk.fields().forEachRemaining(field -> {
            if (!out.has(field.getKey())) {
                out.set(field.getKey(), field.getValue());
            }
        });
        write(DATA, JsonBodies.bytes(json, out), EVENT_END);
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
        end(status, "application/json", OpenAiErrors.envelope(json, Bodies.refusal(json, status, body)).toString());
    }
}
