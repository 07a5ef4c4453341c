package dev.relay.gateway.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.util.Arrays;
import java.util.List;

/**
 * A decoder for line-based streams (SSE and NDJSON both are): bytes may split lines anywhere. Lines are handed over
 * as byte ranges, never decoded to text: the JSON parser reads UTF-8 itself. A read splits only at '\n', which is
 * never part of a multi-byte UTF-8 sequence, so a character cut by a read boundary is whole again in the next line.
 */
abstract class LineStreamDecoder implements StreamDecoder {

    /** Longer than any chunk a worker sends; past it the worker is taken as broken rather than buffered without end. */
    static final int MAX_LINE_BYTES = 8 * 1024 * 1024;

    /** The start of a line whose end has not arrived yet: {@code carried} bytes, grown by doubling. */
    private byte[] carry = new byte[0];
    private int carried;
    private boolean done;

    @Override
    public final void feed(Buffer bytes, List<ObjectNode> chunks) {
        byte[] read = bytes.getBytes();
        int start = 0; // each byte of a read is looked at once, whatever the line's length so far
        for (int i = 0; i < read.length; i++) {
            if (read[i] != '\n') {
                continue;
            }
            if (carried == 0) {
                line(read, start, trimCr(read, start, i) - start, chunks);
            } else {
                carry(read, start, i);
                line(carry, 0, trimCr(carry, 0, carried), chunks);
                carried = 0;
            }
            start = i + 1;
        }
        carry(read, start, read.length);
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

    private void carry(byte[] read, int from, int to) {
        int length = to - from;
        if (length == 0) {
            return;
        }
        if (carried + length > MAX_LINE_BYTES) {
            throw new WorkerAnswerException("worker sent a line longer than " + MAX_LINE_BYTES + " bytes", null);
        }
        if (carried + length > carry.length) {
            carry = Arrays.copyOf(carry, Math.max(carried + length, Math.min(MAX_LINE_BYTES, carry.length * 2)));
        }
        System.arraycopy(read, from, carry, carried, length);
        carried += length;
    }

    /** Where the line ending before {@code end} stops, a '\r' before the '\n' left out. */
    private static int trimCr(byte[] bytes, int start, int end) {
        return end > start && bytes[end - 1] == '\r' ? end - 1 : end;
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
}
