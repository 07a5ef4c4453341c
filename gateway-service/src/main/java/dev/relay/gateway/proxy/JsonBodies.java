package dev.relay.gateway.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * JSON as bytes, never through a String: worker answers parsed (anything that is not a JSON object is a broken
 * worker), request bodies and client events written. A worker's text that is not valid UTF-8 is read as the
 * replacement character where it is broken, as a decoder would show it: the tokens were generated and paid for, so a
 * stray byte must not cost the client the whole answer.
 */
public final class JsonBodies {

    private JsonBodies() {
    }

    /** A whole answer: Jackson reads the bytes, no detour through a decoded String. */
    static ObjectNode object(ObjectMapper json, Buffer body) {
        byte[] bytes = body.getBytes();
        return object(json, bytes, 0, bytes.length);
    }

    /** One streamed line: {@code length} bytes of UTF-8 from {@code offset}. */
    static ObjectNode object(ObjectMapper json, byte[] bytes, int offset, int length) {
        try {
            return object(() -> json.readTree(bytes, offset, length));
        } catch (WorkerAnswerException strict) {
            // Off the fast path: once more as text decoded with replacement. Still broken means not JSON at all.
            return object(() -> json.readTree(new String(bytes, offset, length, StandardCharsets.UTF_8)));
        }
    }

    /**
     * One streamed part of a worker's answer: a part naming an {@code error} (vLLM and Ollama report a failure inside
     * the stream so, and vLLM may still send [DONE] after it) is a broken answer, not a chunk.
     */
    static ObjectNode streamedPart(ObjectMapper json, byte[] bytes, int offset, int length) {
        ObjectNode part = object(json, bytes, offset, length);
        if (part.hasNonNull("error")) {
            throw new WorkerAnswerException("worker reported an error mid-stream", null);
        }
        return part;
    }

    private interface TreeRead {
        JsonNode read() throws IOException;
    }

    private static ObjectNode object(TreeRead read) {
        try {
            JsonNode node = read.read();
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            throw new WorkerAnswerException("worker answered with invalid JSON", e);
        }
        throw new WorkerAnswerException("worker answered with something other than a JSON object", null);
    }

    /** A request body for a worker or an event for a client, as bytes (what the connection sends). */
    public static byte[] bytes(ObjectMapper json, JsonNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree that cannot be written", e);
        }
    }
}
