package dev.relay.gateway.dialect;

import dev.relay.gateway.proxy.ChatSink;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** What every dialect's sink does the same way: committing, back-pressure, disconnects, writing safely. */
public abstract class HttpChatSink implements ChatSink {

    protected final RoutingContext ctx;
    private boolean committed;

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

    protected final void write(String text) {
        if (!ctx.response().closed() && !ctx.response().ended()) {
            ctx.response().write(text);
        }
    }

    /** Ends the answer; a whole (non-streamed) answer is sent with the given status and content type. */
    protected final void end(int status, String contentType, String text) {
        HttpServerResponse response = ctx.response();
        if (response.closed() || response.ended()) {
            return;
        }
        if (!committed) {
            committed = true;
            response.setStatusCode(status).putHeader("Content-Type", contentType);
        }
        response.end(text);
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
