package dev.relay.gateway.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.Pipe;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * One pooled, non-blocking HTTP client for every call to auth, billing, router and task-service (and a worker's token
 * count); JSON via the app's mapper. Answers are read whole, except those {@link #open}ed to be read as they arrive,
 * and bodies sent whole, except those {@link #upload}ed as they arrive.
 */
// Made at startup, on no Vert.x context: a client made on a request's event loop belongs to the HTTP server's verticle,
// which shutdown undeploys first, closing the client under the requests the shutdown wait is for.
@Startup
@ApplicationScoped
public class PeerHttp {

    /** Connections kept at most to each peer (one pool per host and port). */
    public static final int MAX_POOL_SIZE = 64;

    private final WebClient web;
    /** The client under {@link #web}: its pool and options, for answers read as they arrive. */
    private final HttpClient streams;
    private final ObjectMapper json;

    public PeerHttp(Vertx vertx, ObjectMapper json) {
        WebClientOptions options = new WebClientOptions()
                .setConnectTimeout(2000)
                .setMaxPoolSize(MAX_POOL_SIZE)
                .setKeepAlive(true);
        io.vertx.mutiny.core.http.HttpClient client = vertx.createHttpClient(options);
        this.web = WebClient.wrap(client, options);
        this.streams = client.getDelegate();
        this.json = json;
    }

    public Uni<HttpResponse<Buffer>> send(HttpMethod method, String url, Object body) {
        return send(web.requestAbs(method, url), body);
    }

    /** Fails with a {@link java.util.concurrent.TimeoutException} when no answer came within {@code timeout}. */
    public Uni<HttpResponse<Buffer>> send(HttpMethod method, String url, Object body, Duration timeout) {
        return send(web.requestAbs(method, url).timeout(timeout.toMillis()), body);
    }

    /** Raw bytes of {@code contentType} (media for task-service's store). */
    public Uni<HttpResponse<Buffer>> sendBytes(HttpMethod method, String url, byte[] body, String contentType) {
        // Wrapped, not copied: media may be several MiB, held already by the caller.
        return web.requestAbs(method, url).putHeader("Content-Type", contentType)
                .sendBuffer(Buffer.newInstance(io.vertx.core.buffer.Buffer.buffer(Unpooled.wrappedBuffer(body))));
    }

    /**
     * Sends {@code body} as it arrives, as fast as the peer takes it (paused while the connection's write queue is
     * full), with {@code length} as its Content-Length when known, else chunked. Completes with the answer's head,
     * which may come before the body was sent whole (a refusal); the caller resets the request if it does not want
     * the rest sent. A body that breaks off fails the upload with its own failure and resets the request: never
     * ended, so the peer cannot take a cut body for a whole one. Fails with a
     * {@link java.util.concurrent.TimeoutException} when the peer has not answered {@code answerWithin} after the
     * body's end.
     */
    public Future<HttpClientResponse> upload(HttpMethod method, String url, String contentType, OptionalLong length,
            ReadStream<io.vertx.core.buffer.Buffer> body, Duration answerWithin) {
        RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(url)
                .putHeader("Content-Type", contentType);
        length.ifPresent(bytes -> options.putHeader("Content-Length", Long.toString(bytes)));
        Pipe<io.vertx.core.buffer.Buffer> pipe = body.pipe().endOnFailure(false);
        Promise<HttpClientResponse> answered = Promise.promise();
        request(streams, options).onComplete(request -> {
            if (request.failed()) {
                pipe.close();
                answered.tryFail(request.cause());
                return;
            }
            HttpClientRequest upload = request.result();
            // Its failures reach the caller through its answer and the pipe; unhandled, a reset is logged as an error.
            upload.exceptionHandler(known -> {
            });
            if (length.isEmpty()) {
                upload.setChunked(true);
            }
            upload.response().onSuccess(answered::tryComplete).onFailure(answered::tryFail);
            pipe.to(upload).onComplete(sent -> {
                if (sent.failed()) {
                    answered.tryFail(sent.cause());
                    upload.reset(0, sent.cause());
                } else if (!answered.future().isComplete()) {
                    // Only now: an idle timeout counts what the peer sends, and it sends nothing while it reads. Not
                    // once answered: Vert.x's timer would outlive the answer and close its pooled connection.
                    upload.idleTimeout(answerWithin.toMillis());
                }
            });
        });
        return answered.future();
    }

    /**
     * Sends a request without a body and completes, on the caller's event loop, with the answer's head; its body is
     * read as it arrives by whoever takes the answer, who sets its handlers in that same callback (bytes arriving with
     * no handler are dropped), and bounds its silence ({@link IdleBody}). Fails with a
     * {@link java.util.concurrent.TimeoutException} once {@code idle} passes without the head: Vert.x's timeout ends
     * there.
     */
    public Future<HttpClientResponse> open(HttpMethod method, String url, Duration idle) {
        RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(url)
                .setIdleTimeout(idle.toMillis());
        return request(streams, options).compose(HttpClientRequest::send);
    }

    /**
     * Readies an answer for its request's reset, which fails it: that failure is expected, and where no handler takes
     * it Vert.x logs it as an error, with its stack. False when the answer has ended (no reset can fail it).
     */
    static boolean quiet(HttpClientResponse response) {
        try {
            response.exceptionHandler(expected -> {
            });
            return true;
        } catch (IllegalStateException ended) {
            return false;
        }
    }

    /** A request of {@code client}'s, failed rather than thrown when the client is closed (the gateway going away). */
    static Future<HttpClientRequest> request(HttpClient client, RequestOptions options) {
        try {
            return client.request(options);
        } catch (IllegalStateException closed) {
            return Future.failedFuture(closed);
        }
    }

    private Uni<HttpResponse<Buffer>> send(HttpRequest<Buffer> request, Object body) {
        if (body == null) {
            return request.send();
        }
        return request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(write(body)));
    }

    /**
     * Passes a peer's answer through: its 2xx-4xx status and body are meant for the client. A 5xx is a failure (it
     * counts towards the breaker, and the client gets a 503 in the dialect's envelope), never the peer's own text.
     */
    public Uni<PeerResponse> forward(HttpMethod method, String url, String body) {
        var request = web.requestAbs(method, url);
        Uni<HttpResponse<Buffer>> sent = body == null ? request.send()
                : request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body));
        return sent.map(r -> {
            if (r.statusCode() >= 500) {
                throw new PeerException(method + " " + URI.create(url).getPath() + " answered " + r.statusCode());
            }
            return new PeerResponse(r.statusCode(), r.getHeader("Content-Type"), r.bodyAsString());
        });
    }

    /** A value for a path segment or a query parameter: a space becomes {@code %20}, as a path needs. */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public <T> T read(HttpResponse<Buffer> response, Class<T> type) {
        try {
            return json.readValue(bytes(response), type);
        } catch (IOException | RuntimeException e) {
            throw new PeerException("unreadable answer from " + type.getSimpleName() + " endpoint", e);
        }
    }

    public <T> T read(HttpResponse<Buffer> response, TypeReference<T> type) {
        try {
            return json.readValue(bytes(response), type);
        } catch (IOException | RuntimeException e) {
            throw new PeerException("unreadable answer from a peer", e);
        }
    }

    /** Jackson reads the bytes itself: no detour through a decoded String on the per-request route answer. */
    private static byte[] bytes(HttpResponse<Buffer> response) {
        Buffer body = response.body();
        return body == null ? new byte[0] : body.getBytes();
    }

    private byte[] write(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + body.getClass().getSimpleName(), e);
        }
    }
}
