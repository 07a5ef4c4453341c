package dev.relay.gateway.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/** Turns a worker's streamed bytes into OpenAI chunk objects; bytes may split lines anywhere. */
public interface StreamDecoder {

    List<ObjectNode> feed(Buffer bytes);

    /** True once the worker signalled a clean end; a stream that ends without it was cut short. */
    boolean finished();
}
