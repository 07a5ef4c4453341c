package dev.relay.gateway.client;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Deque;
import java.util.Enumeration;

/**
 * A worker's answer held in memory as the chunks it arrived in (never copied into one growing buffer, which would hold
 * it twice while it grows), read once: each chunk is let go as it is read, so what is decoded from the answer takes
 * the place of what it was decoded from.
 */
public final class HeldBody {

    private final Deque<Buffer> chunks;
    private final long size;

    HeldBody(Deque<Buffer> chunks, long size) {
        this.chunks = chunks;
        this.size = size;
    }

    /** The answer as a stream, read once. */
    public InputStream stream() {
        return new SequenceInputStream(new Enumeration<>() {
            @Override
            public boolean hasMoreElements() {
                return !chunks.isEmpty();
            }

            @Override
            public InputStream nextElement() {
                return new ByteArrayInputStream(chunks.poll().getBytes());
            }
        });
    }

    /** The answer in one array, read once (its size is bounded by the cap it was read under). */
    public byte[] bytes() {
        byte[] all = new byte[Math.toIntExact(size)];
        int at = 0;
        while (!chunks.isEmpty()) {
            Buffer chunk = chunks.poll();
            chunk.getBytes(all, at);
            at += chunk.length();
        }
        return all;
    }
}
