package dev.relay.gateway.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.contracts.internal.RouteCandidate;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** vLLM and any OpenAI-compatible server: the body is forwarded as the client sent it, with the worker's model id. */
final class OpenAiProtocol implements WorkerProtocol {

    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

    private final ObjectMapper json;
    private final boolean usagePerChunk;

    /**
     * @param usagePerChunk vLLM's {@code continuous_usage_stats}: the worker's own counts on every chunk, so that a
     *     stream the client leaves is billed on them, not on an estimate (other OpenAI servers refuse the field)
     */
    OpenAiProtocol(ObjectMapper json, boolean usagePerChunk) {
        this.json = json;
        this.usagePerChunk = usagePerChunk;
    }

    @Override
    public boolean usagePerChunk() {
        return usagePerChunk;
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
            ObjectNode options = body.putObject("stream_options").put("include_usage", true);
            if (usagePerChunk) {
                options.put("continuous_usage_stats", true);
            }
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
            protected void line(byte[] bytes, int offset, int length, List<ObjectNode> chunks) {
                if (!startsWith(bytes, offset, length, DATA)) {
                    return;
                }
                int from = offset + DATA.length;
                int to = offset + length;
                while (from < to && isSpace(bytes[from])) {
                    from++;
                }
                while (to > from && isSpace(bytes[to - 1])) {
                    to--;
                }
                if (startsWith(bytes, from, to - from, DONE) && to - from == DONE.length) {
                    done();
                } else if (to > from) {
                    chunks.add(JsonBodies.streamedPart(json, bytes, from, to - from));
                }
            }
        };
    }
}
