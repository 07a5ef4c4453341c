package dev.relay.gateway.fleet;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * An answer of the fake fleet written in pieces as its reader takes them (the next piece once the write queue
 * drained), as a real server streams a large body: a reader that stops reading holds the rest back.
 */
final class PacedAnswer {

    /** What one write holds. A multiple of 4, so that {@link #made} pieces follow {@link Fleet#madeBytes}. */
    static final int PIECE = 64 * 1024;

    private PacedAnswer() {
    }

    /** Writes {@code pieces} as the reader takes them, then runs {@code then} (ending the answer, say). */
    static void send(HttpServerResponse response, Iterator<Buffer> pieces, Runnable then) {
        while (pieces.hasNext() && !response.writeQueueFull()) {
            response.write(pieces.next());
        }
        if (pieces.hasNext()) {
            response.drainHandler(drained -> send(response, pieces, then));
        } else {
            then.run();
        }
    }

    /** {@code bytes} from {@code from} up to {@code upTo}. */
    static Iterator<Buffer> of(byte[] bytes, int from, int upTo) {
        return pieces(upTo - from, (at, length) -> Buffer.buffer(Arrays.copyOfRange(bytes, from + (int) at,
                from + (int) at + length)));
    }

    /** {@link Fleet#madeBytes}{@code (length)}, made a piece at a time: a long answer is never held whole. */
    static Iterator<Buffer> made(long length) {
        Random random = new Random(length);
        return pieces(length, (at, size) -> {
            byte[] piece = new byte[size];
            random.nextBytes(piece);
            return Buffer.buffer(piece);
        });
    }

    /** {@code length} bytes of {@code filler} (a repeated character) between {@code head} and {@code tail}. */
    static Iterator<Buffer> padded(String head, char filler, long length, String tail) {
        long middle = length - head.length() - tail.length();
        Buffer full = Buffer.buffer(String.valueOf(filler).repeat(PIECE));
        Iterator<Buffer> fill = pieces(middle, (at, size) -> size == PIECE ? full : full.slice(0, size));
        return new Iterator<>() {
            private int part;

            @Override
            public boolean hasNext() {
                return part < 2 || fill.hasNext();
            }

            @Override
            public Buffer next() {
                if (part == 0) {
                    part = 1;
                    return Buffer.buffer(head);
                }
                if (fill.hasNext()) {
                    return fill.next();
                }
                if (part == 1) {
                    part = 2;
                    return Buffer.buffer(tail);
                }
                throw new NoSuchElementException();
            }
        };
    }

    private interface Piece {
        Buffer at(long offset, int length);
    }

    private static Iterator<Buffer> pieces(long length, Piece piece) {
        return new Iterator<>() {
            private long at;

            @Override
            public boolean hasNext() {
                return at < length;
            }

            @Override
            public Buffer next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int size = (int) Math.min(PIECE, length - at);
                Buffer next = piece.at(at, size);
                at += size;
                return next;
            }
        };
    }
}
