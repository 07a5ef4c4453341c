package dev.relay.gateway.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/** Turns a worker's streamed bytes into OpenAI chunk objects; bytes may split lines anywhere. */
public interface StreamDecoder {

    /**
     * Decodes a read into {@code chunks}: when a line is broken, the chunks before it in the same read are already
     * there, so they still reach the client (and are counted) before the stream ends in an error.
     */
    void feed(Buffer bytes, List<ObjectNode> chunks);

    /** The chunks of one read, for a caller with no use for those before a broken line. */
    default List<ObjectNode> feed(Buffer bytes) {
        List<ObjectNode> chunks = new ArrayList<>();
        feed(bytes, chunks);
        return chunks;
    }

    /** True once the worker signalled a clean end; a stream that ends without it was cut short. */
    boolean finished();
}
