package dev.relay.gateway.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A decoder for line-based streams (SSE and NDJSON both are): bytes may split lines anywhere. Lines are handed over
 * as byte ranges, never decoded to text: the JSON parser reads UTF-8 itself. A read splits only at '\n', which is
 * never part of a multi-byte UTF-8 sequence, so a character cut by a read boundary is whole again in the next line.
 */
abstract class LineStreamDecoder implements StreamDecoder {

    private static final byte[] NOTHING = new byte[0];

    /** The start of a line whose end has not arrived yet. */
    private byte[] carry = NOTHING;
    private boolean done;

    @Override
    public final List<ObjectNode> feed(Buffer bytes) {
        byte[] read = bytes.getBytes();
        byte[] data = carry.length == 0 ? read : concat(carry, read);
        List<ObjectNode> chunks = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] == '\n') {
                int end = i > start && data[i - 1] == '\r' ? i - 1 : i;
                line(data, start, end - start, chunks);
                start = i + 1;
            }
        }
        carry = start == data.length ? NOTHING : Arrays.copyOfRange(data, start, data.length);
        return chunks;
    }

    /** Decodes one complete line, {@code length} bytes from {@code offset}, without its line end. */
    protected abstract void line(byte[] bytes, int offset, int length, List<ObjectNode> chunks);

    /** The worker signalled its clean end. */
    protected final void done() {
        done = true;
    }

    @Override
    public final boolean finished() {
        return done;
    }

    /** True if the line, leading and trailing spaces aside, is empty. */
    static boolean blank(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (!isSpace(bytes[i])) {
                return false;
            }
        }
        return true;
    }

    static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\r';
    }

    /** True if the line starts with {@code prefix} (ASCII). */
    static boolean startsWith(byte[] bytes, int offset, int length, byte[] prefix) {
        return length >= prefix.length && Arrays.equals(bytes, offset, offset + prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
