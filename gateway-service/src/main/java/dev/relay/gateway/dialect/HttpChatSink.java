package dev.relay.gateway.dialect;

import dev.relay.gateway.proxy.ChatSink;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** What every dialect's sink does the same way: committing, back-pressure, disconnects, writing safely. */
public abstract class HttpChatSink implements ChatSink {

    protected final RoutingContext ctx;
    private boolean committed;
    /** Bytes not yet handed to the connection (a buffer written is the connection's: each write takes a new one). */
    private Buffer pending = Buffer.buffer();
    private boolean batching;
    private boolean sendScheduled;

    protected HttpChatSink(RoutingContext ctx) {
        this.ctx = ctx;
    }

    /** Sends status and headers of a streamed answer once; later calls do nothing. */
    protected final void startStream(String contentType) {
        if (!committed) {
            committed = true;
            ctx.response().setChunked(true)
                    .putHeader("Content-Type", contentType)
                    .putHeader("Cache-Control", "no-cache")
                    .putHeader("X-Accel-Buffering", "no");
        }
    }

    /**
     * Queues streamed text. The first bytes go out at once, even when more chunks of the same read follow, so the
     * time to first byte does not pay for the rest of the burst; later text waits until the event loop has handled
     * what else it read in this round, so that chunks arriving together cost one system call (and one wake-up of the
     * client), not one each.
     */
    protected final void write(String text) {
        pending.appendString(text);
        queued();
    }

    /** As {@link #write(String)}, for text already encoded as UTF-8: the parts are one event, queued together. */
    protected final void write(byte[]... utf8) {
        for (byte[] part : utf8) {
            pending.appendBytes(part);
        }
        queued();
    }

    private void queued() {
        if (!batching || !ctx.response().headWritten()) {
            release();
        }
    }

    private void release() {
        if (pending.length() == 0) {
            return;
        }
        if (!ctx.response().headWritten()) { // nothing sent yet: the first bytes go at once
            send();
        } else if (!sendScheduled) {
            sendScheduled = true;
            ctx.vertx().runOnContext(ignored -> {
                sendScheduled = false;
                send();
            });
        }
    }

    private void send() {
        if (pending.length() == 0) {
            return;
        }
        Buffer bytes = pending;
        pending = Buffer.buffer();
        if (!ctx.response().closed() && !ctx.response().ended()) {
            ctx.response().write(bytes);
        }
    }

    @Override
    public void inOneWrite(Runnable chunks) {
        if (batching) {
            chunks.run();
            return;
        }
        batching = true;
        try {
            chunks.run();
        } finally {
            batching = false;
        }
        release();
    }

    /** Ends the answer; a whole (non-streamed) answer is sent with the given status and content type. */
    protected final void end(int status, String contentType, String text) {
        Buffer bytes = pending.appendString(text); // what is still queued goes first, in the same write
        pending = Buffer.buffer();
        HttpServerResponse response = ctx.response();
        if (response.closed() || response.ended()) {
            return;
        }
        if (!committed) {
            committed = true;
            response.setStatusCode(status).putHeader("Content-Type", contentType);
        }
        response.end(bytes);
    }

    protected final boolean started() {
        return committed;
    }

    @Override
    public boolean committed() {
        return committed;
    }

    @Override
    public boolean congested() {
        return ctx.response().writeQueueFull();
    }

    @Override
    public void onDrain(Runnable resume) {
        ctx.response().drainHandler(ignored -> resume.run());
    }

    @Override
    public void onClientGone(Runnable gone) {
        if (ctx.response().closed()) {
            gone.run();
            return;
        }
        ctx.response().closeHandler(ignored -> {
            if (!ctx.response().ended()) {
                gone.run();
            }
        });
    }
}
