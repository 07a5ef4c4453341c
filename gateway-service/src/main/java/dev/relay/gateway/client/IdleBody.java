package dev.relay.gateway.client;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.streams.ReadStream;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A peer's answer whose head has arrived, its body bounded by silence: once {@code idle} passes without a byte of it
 * reaching its reader, the reader gets a {@link TimeoutException} and the request is reset. A body paused for a reader
 * that takes nothing is silent too. Every answer read as it arrives (a download relayed, a media worker's) is read
 * through one, from its head on.
 */
// Vert.x cancels a request's timeout when the answer's head arrives, so none covers the body. Setting it again after
// the head leaves a timer that outlives the answer and then resets its finished stream, which closes the pooled
// connection: hence a timer of the body's own, stopped when the body ends, fails or is let go.
public final class IdleBody implements ReadStream<Buffer> {

    private final HttpClientResponse response;
    private final Context context;
    private final long idleMillis;
    /** Set once the body ended, failed, timed out or was let go: nothing more reaches the reader. */
    private final AtomicBoolean over = new AtomicBoolean();
    private volatile long lastByte = System.nanoTime();
    private volatile long timer;
    private volatile Handler<Throwable> failed = ignored -> {
    };
    private volatile Handler<Void> ended = ignored -> {
    };

    /** Made as the head arrives, on the answer's context, before any of the body can come. */
    IdleBody(HttpClientResponse response, Duration idle, Vertx vertx) {
        this.response = response;
        this.context = vertx.getOrCreateContext();
        this.idleMillis = Math.max(1, idle.toMillis());
        response.exceptionHandler(this::fail);
        response.endHandler(end -> {
            if (stop()) {
                ended.handle(null);
            }
        });
        arm(idleMillis);
    }

    /** The answer: its status and headers. */
    public HttpClientResponse response() {
        return response;
    }

    /**
     * Lets the rest of the body go, at any point: its request is reset, quietly. Not once the body ended: a finished
     * stream's reset would close its pooled connection.
     */
    public void letGo() {
        if (stop()) {
            response.request().reset();
        }
    }

    @Override
    public IdleBody exceptionHandler(Handler<Throwable> handler) {
        failed = handler == null ? ignored -> {
        } : handler;
        return this;
    }

    @Override
    public IdleBody handler(Handler<Buffer> handler) {
        response.handler(handler == null ? null : chunk -> {
            lastByte = System.nanoTime();
            handler.handle(chunk);
        });
        return this;
    }

    @Override
    public IdleBody endHandler(Handler<Void> handler) {
        ended = handler == null ? ignored -> {
        } : handler;
        return this;
    }

    @Override
    public IdleBody pause() {
        response.pause();
        return this;
    }

    @Override
    public IdleBody resume() {
        response.resume();
        return this;
    }

    @Override
    public IdleBody fetch(long amount) {
        response.fetch(amount);
        return this;
    }

    private void fail(Throwable failure) {
        if (stop()) {
            failed.handle(failure);
        }
    }

    /** True for the one caller that ends the body; its timer is cancelled. */
    private boolean stop() {
        if (!over.compareAndSet(false, true)) {
            return false;
        }
        context.owner().cancelTimer(timer);
        return true;
    }

    private void arm(long delayMillis) {
        timer = context.owner().setTimer(delayMillis, fired -> context.runOnContext(check -> check()));
    }

    /** Rather than a timer restarted for every chunk, one that looks back at the last byte when it fires. */
    private void check() {
        if (over.get()) {
            return;
        }
        long silentMillis = (System.nanoTime() - lastByte) / 1_000_000;
        if (silentMillis < idleMillis) {
            arm(idleMillis - silentMillis);
            return;
        }
        if (over.compareAndSet(false, true)) {
            // The reader hears why first; the reset's own failure, which says less, comes after and is dropped.
            TimeoutException silent = new TimeoutException("no byte of the answer for " + idleMillis + " ms");
            failed.handle(silent);
            response.request().reset(0, silent);
        }
    }
}
