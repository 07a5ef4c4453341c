package dev.relay.task.api;

import dev.relay.task.config.TaskConfig;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.socket.DuplexChannel;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Reads and discards the rest of a media upload answered before its body ended (413, 409, 404, 400, a 500), as nginx's
 * lingering close does, so that the answer reaches an uploader still sending (the gateway relaying a video). Quarkus
 * left that body unread: the connection stalled, its uploader blocked until the idle timeout, and a connection closed
 * with unread bytes in its receive buffer is reset by the kernel, so that the uploader lost the answer to a broken
 * pipe and a gateway uploaded again. Discarded bytes are never stored: the upload was answered already.
 *
 * <p>A body declared no longer than {@code relay.task.media.max-bytes} is read to its end and its connection kept for
 * the next request. Any other (chunked, its end unknown, or declared longer) is answered {@code Connection: close}, and
 * the connection's output is shut once the answer is out (a FIN after it): the uploader reads the answer, then the
 * end, and stops; what it sends meanwhile is discarded. Either way the discard lasts {@code relay.task.media.drain-for}
 * at most, then the connection is closed: an uploader that never stops holds it no longer, and no worker thread at all
 * (the discard runs on the event loop).
 */
@ApplicationScoped
public class MediaUploadDrain {

    /** Ahead of {@link MediaUploadLimit}, whose answer comes before any body is read. */
    private static final int BEFORE_UPLOAD_LIMIT = MediaUploadLimit.ORDER - 1;

    void install(@Observes Router router, TaskConfig config, Vertx vertx) {
        long maxBytes = config.media().maxBytes();
        long drainMillis = config.media().drainFor().toMillis();
        router.put(MediaUploadLimit.UPLOAD_PATH).order(BEFORE_UPLOAD_LIMIT).handler(context -> {
            watch(context, vertx, maxBytes, drainMillis);
            context.next();
        });
    }

    private static void watch(RoutingContext context, Vertx vertx, long maxBytes, long drainMillis) {
        HttpServerRequest request = context.request();
        // Under HTTP/2 the answer ends its stream alone: the connection, shared by other streams, is not this one's.
        if (request.version() == HttpVersion.HTTP_2 || request.isEnded()) {
            return;
        }
        Context eventLoop = Vertx.currentContext();
        Drain drain = new Drain(request, vertx);
        context.addHeadersEndHandler(head -> {
            if (drain.closesAfterAnswer(maxBytes)) {
                context.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
            }
        });
        // Answers are ended on worker threads too; the request's handlers belong to its event loop.
        context.addEndHandler(answered -> {
            if (answered.succeeded()) {
                eventLoop.runOnContext(ended -> drain.start(drainMillis));
            }
        });
    }

    /** One upload's discard after its answer. */
    private static final class Drain {

        private final HttpServerRequest request;
        private final Vertx vertx;
        /** Set as the answer's head is written, on the thread that writes it; read on the event loop after. */
        private volatile boolean closing;
        private long timer;

        Drain(HttpServerRequest request, Vertx vertx) {
            this.request = request;
            this.vertx = vertx;
        }

        /**
         * Whether the answer comes before the body's end and its connection is closed after it: the body's end is
         * unknown (chunked), or further than a kept connection is worth reading.
         */
        boolean closesAfterAnswer(long maxBytes) {
            closing = !request.isEnded() && !declaresAtMost(maxBytes);
            return closing;
        }

        void start(long drainMillis) {
            if (request.isEnded()) {
                return; // read whole meanwhile: nothing to discard, the connection goes on as after any request
            }
            timer = vertx.setTimer(drainMillis, expired -> request.connection().close());
            request.handler(discarded -> {
            });
            request.endHandler(ended -> {
                vertx.cancelTimer(timer);
                if (closing) {
                    request.connection().close();
                }
            });
            request.exceptionHandler(closed -> vertx.cancelTimer(timer));
            request.resume();
            if (closing) {
                shutOutput();
            }
        }

        /**
         * Shuts the connection's output once the answer is out (a TCP FIN after it). Closed outright instead, the
         * connection would be reset by the kernel for the unread bytes in its receive buffer, and an uploader busy
         * sending then loses the answer it has not read yet.
         */
        private void shutOutput() {
            // Vert.x 4 lends no half-close of its own: the connection's Netty channel does it.
            Channel channel = ((ConnectionBase) request.connection()).channel();
            // Written after the answer (the event loop writes in order), so sent once the answer is.
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(sent -> {
                if (channel instanceof DuplexChannel duplex) {
                    duplex.shutdownOutput();
                }
            });
        }

        /** Whether the body declares a length, and no more than {@code maxBytes} of it are still to come. */
        private boolean declaresAtMost(long maxBytes) {
            String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
            try {
                return length != null && Long.parseLong(length.trim()) - request.bytesRead() <= maxBytes;
            } catch (NumberFormatException e) {
                return false; // the HTTP codec refuses a malformed length before any route
            }
        }
    }
}
