package dev.relay.gateway.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.contracts.internal.RouteCandidate;
import dev.relay.gateway.service.ApiFailure;
import io.vertx.core.buffer.Buffer;
import java.util.Optional;

/**
 * How to talk to one family of workers. Answers are normalised to OpenAI shapes (a chat.completion, or
 * chat.completion.chunk objects) so that every client dialect works with every worker protocol.
 */
public interface WorkerProtocol {

    String url(RouteCandidate candidate);

    Buffer requestBody(ChatCall call, RouteCandidate candidate);

    /** The worker's whole answer as an OpenAI chat.completion (id, model and created are filled in later). */
    ObjectNode completion(Buffer body);

    StreamDecoder streamDecoder();

    /**
     * Whether a streamed answer carries the worker's usage so far on every chunk (then kept from the client on all but
     * the last, as OpenAI sends it).
     */
    default boolean usagePerChunk() {
        return false;
    }

    /**
     * Why workers of this family cannot answer {@code call} as asked, for the client (a 400 naming the parameter), or
     * null when they can. Such a worker is skipped for the route's next candidate; it is never asked to answer less.
     */
    default ApiFailure cannotServe(ChatCall call) {
        return null;
    }

    /**
     * Where a worker of this family counts a chat's prompt tokens without running it (vLLM's {@code POST /tokenize}),
     * or empty when it cannot (Ollama has no such call).
     */
    default Optional<String> tokenizeUrl(RouteCandidate candidate) {
        return Optional.empty();
    }

    /** The body that asks {@link #tokenizeUrl} to count {@code call}'s prompt as the chat would be counted. */
    default ObjectNode tokenizeBody(ChatCall call, RouteCandidate candidate) {
        throw new UnsupportedOperationException("this worker protocol cannot count tokens");
    }

    static String join(String baseUrl, String path) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return base + path;
    }
}
