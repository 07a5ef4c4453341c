package dev.relay.gateway.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.contracts.internal.RouteCandidate;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/** vLLM and any OpenAI-compatible server: the body is forwarded as the client sent it, with the worker's model id. */
final class OpenAiProtocol implements WorkerProtocol {

    private final ObjectMapper json;

    OpenAiProtocol(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public String url(RouteCandidate candidate) {
        String base = candidate.baseUrl();
        return WorkerProtocol.join(base, base.endsWith("/v1") || base.endsWith("/v1/") ? "/chat/completions" : "/v1/chat/completions");
    }

    @Override
    public Buffer requestBody(ChatCall call, RouteCandidate candidate) {
        // Only top-level fields change, so a shallow copy serves (failover reuses the client's body).
        ObjectNode body = call.body().objectNode().setAll(call.body());
        body.put("model", candidate.model());
        body.put("stream", call.stream());
        if (call.stream()) {
            // Exact token counts for billing, whatever the client asked for; the usage chunk is dropped if unwanted.
            body.putObject("stream_options").put("include_usage", true);
        } else {
            body.remove("stream_options");
        }
        return Buffer.buffer(JsonBodies.bytes(json, body));
    }

    @Override
    public ObjectNode completion(Buffer body) {
        return JsonBodies.object(json, body);
    }

    @Override
    public StreamDecoder streamDecoder() {
        return new LineStreamDecoder() {
            @Override
            protected void line(String line, List<ObjectNode> chunks) {
                if (!line.startsWith("data:")) {
                    return;
                }
                String data = line.substring(5).trim();
                if (data.equals("[DONE]")) {
                    done();
                } else if (!data.isEmpty()) {
                    chunks.add(JsonBodies.object(json, data));
                }
            }
        };
    }
}
