package dev.relay.gateway.client;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.vertx.UniHelper;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.streams.ReadStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * A media worker's answer whose head has arrived and whose body is not read yet (paused until a reader takes it). The
 * body is counted as it arrives, and past {@code maxBytes} the reader gets {@code tooLarge}'s failure and nothing more
 * is read: the worker's request is reset, which closes its HTTP/1.1 connection. Past {@code idle} without a byte of it
 * (paused meanwhile included) the reader gets a timeout's failure, and the same reset ({@link IdleBody}). The one bound
 * on every worker answer, held whole in memory ({@link #hold}) or passed on as it arrives ({@link #body}: a video,
 * piped to task-service).
 */
public final class WorkerAnswer {

    private final HttpClientResponse response;
    private final IdleBody unread;
    private final long maxBytes;
    private final Supplier<RuntimeException> tooLarge;
    private long read;
    private boolean cut;

    /** Made as its head arrives, on its context: its silence is counted from then. */
    WorkerAnswer(HttpClientResponse response, Duration idle, Vertx vertx, long maxBytes,
            Supplier<RuntimeException> tooLarge) {
        this.response = response;
        this.unread = new IdleBody(response, idle, vertx);
        this.maxBytes = maxBytes;
        this.tooLarge = tooLarge;
    }

    public int status() {
        return response.statusCode();
    }

    /** The length the worker declared (Content-Length); none for a chunked answer. */
    public OptionalLong length() {
        String declared = response.getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return declared == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(declared.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Bytes of the body read so far: all of them once it ended. */
    public long bytesRead() {
        return read;
    }

    /**
     * The body as it arrives, for one reader, who resumes it. It fails with {@code tooLarge}'s failure past the bound,
     * and with a {@link MediaWorkerFailure} when the worker breaks off or its answer stays silent for {@code idle}.
     */
    public ReadStream<Buffer> body() {
        return new Bounded();
    }

    /** The whole body in memory, up to the bound. */
    public Uni<HeldBody> hold() {
        Promise<HeldBody> held = Promise.promise();
        Deque<Buffer> chunks = new ArrayDeque<>();
        ReadStream<Buffer> body = body();
        body.exceptionHandler(held::tryFail);
        body.endHandler(ended -> held.tryComplete(new HeldBody(chunks, read)));
        body.handler(chunks::add);
        body.resume();
        // Given up before its end (its task's deadline passed), the rest is not read: its request is reset.
        return UniHelper.toUni(held.future()).onCancellation().invoke(this::discard);
    }

    /** Lets the rest of the answer go unread, at any point: its request is reset (no effect once it ended). */
    public void discard() {
        unread.letGo();
    }

    /** The body, counted; every handler runs on the response's context, so the count needs no lock. */
    private final class Bounded implements ReadStream<Buffer> {

        private Handler<Throwable> failed = ignored -> {
        };

        @Override
        public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            failed = handler == null ? ignored -> {
            } : handler;
            unread.exceptionHandler(handler == null ? null
                    : broken -> handler.handle(MediaWorkerFailure.unanswered(broken, "The worker's answer broke off")));
            return this;
        }

        @Override
        public ReadStream<Buffer> handler(Handler<Buffer> handler) {
            unread.handler(handler == null ? null : chunk -> {
                if (cut) {
                    return;
                }
                read += chunk.length();
                if (read > maxBytes) {
                    cut = true;
                    failed.handle(tooLarge.get()); // before the reset, whose own failure would say less
                    discard();
                    return;
                }
                handler.handle(chunk);
            });
            return this;
        }

        @Override
        public ReadStream<Buffer> endHandler(Handler<Void> handler) {
            unread.endHandler(handler);
            return this;
        }

        @Override
        public ReadStream<Buffer> pause() {
            unread.pause();
            return this;
        }

        @Override
        public ReadStream<Buffer> resume() {
            unread.resume();
            return this;
        }

        @Override
        public ReadStream<Buffer> fetch(long amount) {
            unread.fetch(amount);
            return this;
        }
    }
}
