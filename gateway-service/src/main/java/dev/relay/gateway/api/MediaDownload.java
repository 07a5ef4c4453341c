package dev.relay.gateway.api;

import dev.relay.gateway.client.IdleBody;
import dev.relay.gateway.service.Failures;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

/**
 * A task's media on its way from task-service to the client, relayed as it arrives: a video may be 64 MiB and the
 * gateway's heap a few hundred, so no more than the two connections' buffers is held. task-service's answer is paused
 * while the client's write queue is full and resumed once it drained; paused or not, silent for the download's idle
 * bound, it is cut off ({@link IdleBody}), so a client that reads nothing gives its place back.
 */
final class MediaDownload {

    private static final Logger LOG = Logger.getLogger(MediaDownload.class);

    private MediaDownload() {
    }

    /**
     * Answers the client with {@code stored}, task-service's 200 whose body has not been read yet. A failure before
     * anything was sent is answered with {@code errors}, as one before task-service's head would be.
     */
    static void relay(RoutingContext ctx, IdleBody stored, ErrorWriter errors) {
        HttpServerResponse response = ctx.response();
        if (response.closed()) {
            stored.letGo(); // the client left while task-service was asked
            return;
        }
        HttpClientResponse head = stored.response();
        String type = head.getHeader("Content-Type");
        String length = head.getHeader("Content-Length");
        response.setStatusCode(200)
                .putHeader("Content-Type", type == null ? "application/octet-stream" : type)
                .putHeader("Cache-Control", "private, max-age=3600")
                // Served as the type stored, never sniffed: a file made to look like HTML stays a file.
                .putHeader("X-Content-Type-Options", "nosniff");
        if (length != null) {
            response.putHeader("Content-Length", length);
        } else if (ctx.request().method() != HttpMethod.HEAD) {
            response.setChunked(true);
        }
        stored.handler(bytes -> {
            response.write(bytes);
            if (response.writeQueueFull()) { // the client reads slower than task-service sends: it waits
                stored.pause();
                response.drainHandler(drained -> stored.resume());
            }
        });
        stored.endHandler(ended -> response.end());
        stored.exceptionHandler(cut -> {
            if (response.closed() || response.ended()) {
                return; // the client left first, and task-service's request was reset for it (below)
            }
            if (!response.headWritten()) {
                response.headers().remove("Content-Length").remove("Cache-Control");
                errors.write(ctx, Failures.toApi(cut));
                return;
            }
            LOG.warnf("media from task-service broke off after %d bytes: %s", response.bytesWritten(),
                    cut.getMessage());
            // Never ended: a clean end would make a truncated body look complete. The client sees its stream (HTTP/2)
            // or its connection (HTTP/1) cut.
            CutOff.alone(ctx);
        });
        // The client gone, task-service's answer is not read on: its connection is closed, not left paused.
        ctx.addEndHandler(ended -> {
            if (ended.failed()) {
                stored.letGo();
            }
        });
    }
}
