package dev.relay.gateway.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.contracts.internal.RouteCandidate;
import io.vertx.core.buffer.Buffer;

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

    static String join(String baseUrl, String path) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return base + path;
    }
}
