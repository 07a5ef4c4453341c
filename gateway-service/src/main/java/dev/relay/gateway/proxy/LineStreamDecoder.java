package dev.relay.gateway.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A decoder for line-based streams (SSE and NDJSON both are): bytes may split lines anywhere. */
abstract class LineStreamDecoder implements StreamDecoder {

    private final StringBuilder pending = new StringBuilder();
    private boolean done;

    @Override
    public final List<ObjectNode> feed(Buffer bytes) {
        pending.append(bytes.toString(StandardCharsets.UTF_8));
        List<ObjectNode> chunks = new ArrayList<>();
        int newline;
        while ((newline = pending.indexOf("\n")) >= 0) {
            String line = pending.substring(0, newline);
            pending.delete(0, newline + 1);
            line(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line, chunks);
        }
        return chunks;
    }

    /** Decodes one complete line, adding any chunks it yields. */
    protected abstract void line(String line, List<ObjectNode> chunks);

    /** The worker signalled its clean end. */
    protected final void done() {
        done = true;
    }

    @Override
    public final boolean finished() {
        return done;
    }
}
