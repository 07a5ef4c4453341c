package dev.relay.gateway.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.contracts.internal.RouteCandidate;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** vLLM and any OpenAI-compatible server: the body is forwarded as the client sent it, with the worker's model id. */
final class OpenAiProtocol implements WorkerProtocol {

    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

    private final ObjectMapper json;
    private final boolean vllm;

    /**
     * @param vllm whether the workers are vLLM, which has two calls other OpenAI servers refuse: its
     *     {@code continuous_usage_stats} (the worker's own counts on every chunk, so that a stream the client leaves is
     *     billed on them, not on an estimate) and {@code /tokenize}
     */
    OpenAiProtocol(ObjectMapper json, boolean vllm) {
        this.json = json;
        this.vllm = vllm;
    }

    @Override
    public boolean usagePerChunk() {
        return vllm;
    }

    @Override
    public String url(RouteCandidate candidate) {
        String base = candidate.baseUrl();
        return WorkerProtocol.join(base, base.endsWith("/v1") || base.endsWith("/v1/") ? "/chat/completions" : "/v1/chat/completions");
    }

    /** vLLM serves {@code /tokenize} beside {@code /v1}, not under it; other OpenAI servers have no such call. */
    @Override
    public Optional<String> tokenizeUrl(RouteCandidate candidate) {
        if (!vllm) {
            return Optional.empty();
        }
        String base = candidate.baseUrl();
        base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return Optional.of(WorkerProtocol.join(base.endsWith("/v1") ? base.substring(0, base.length() - 3) : base,
                "/tokenize"));
    }

    @Override
    public ObjectNode tokenizeBody(ChatCall call, RouteCandidate candidate) {
        ObjectNode body = json.createObjectNode().put("model", candidate.model());
        body.set("messages", call.body().get("messages"));
        if (call.body().hasNonNull("tools")) {
            body.set("tools", call.body().get("tools"));
        }
        return body.put("add_generation_prompt", true); // as the chat is rendered for its answer
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
            if (vllm) {
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
