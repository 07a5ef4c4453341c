package dev.relay.simulator.api;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * Collects a request body of any content type into one array, then passes on. Vert.x's BodyHandler keeps no byte of
 * a multipart body (it decodes parts on the fly, attributes capped at 2 KB by Quarkus), and an upload of 25 MB is
 * best copied once: the array is sized from {@code content-length} when the client sends it. A body over the limit
 * fails the request with 413 as soon as that is known.
 */
final class RawBody implements Handler<RoutingContext> {

    private static final String KEY = "relay.simulator.raw-body";

    /** The body: {@code array[0..length)}. */
    record Bytes(byte[] array, int length) {
    }

    private final int limit;

    RawBody(int limit) {
        this.limit = limit;
    }

    static Bytes of(RoutingContext ctx) {
        return ctx.get(KEY);
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        long declared = declaredLength(request);
        if (declared > limit) {
            ctx.fail(413);
            return;
        }
        if (request.version() == HttpVersion.HTTP_1_1 && "100-continue".equalsIgnoreCase(request.getHeader("expect"))) {
            ctx.response().writeContinue(); // curl waits a second for this before sending a large upload
        }
        Collector body = new Collector(declared > 0 ? (int) declared : 16 * 1024, limit);
        if (request.isEnded()) {
            ctx.put(KEY, body.bytes());
            ctx.next();
            return;
        }
        request.handler(chunk -> {
            if (body.failed) {
                return;
            }
            if ((long) body.length + chunk.length() > limit) {
                body.failed = true;
                ctx.fail(413);
                return;
            }
            body.append(chunk);
        });
        request.endHandler(ignored -> {
            if (!body.failed) {
                ctx.put(KEY, body.bytes());
                ctx.next();
            }
        });
        request.resume();
    }

    private static long declaredLength(HttpServerRequest request) {
        String header = request.getHeader("content-length");
        try {
            return header == null ? -1 : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static final class Collector {

        private final int limit;
        private byte[] array;
        private int length;
        private boolean failed;

        Collector(int capacity, int limit) {
            this.limit = limit;
            array = new byte[capacity];
        }

        void append(Buffer chunk) {
            int size = chunk.length();
            if (length + size > array.length) {
                byte[] grown = new byte[(int) Math.min(limit, Math.max(length + size, 2L * array.length))];
                System.arraycopy(array, 0, grown, 0, length);
                array = grown;
            }
            chunk.getBytes(0, size, array, length);
            length += size;
        }

        Bytes bytes() {
            return new Bytes(array, length);
        }
    }
}
