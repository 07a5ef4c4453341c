package dev.relay.task.support;

import io.restassured.RestAssured;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Uploads media as a gateway relaying a fast source does, with Vert.x over one kept-alive connection: the whole body
 * is written at once, without waiting for the server to take it (Vert.x queues what the connection cannot take yet),
 * and the answer is read as soon as it arrives, which may be long before the body is sent.
 */
public final class FastUploader implements AutoCloseable {

    private static final int BLOCK = 1 << 20;

    private final HttpClient client;
    private final AtomicInteger connections = new AtomicInteger();

    public FastUploader(Vertx vertx) {
        this.client = vertx.httpClientBuilder()
                .with(new HttpClientOptions().setMaxPoolSize(1).setKeepAlive(true))
                .withConnectHandler(connection -> connections.incrementAndGet())
                .build();
    }

    /** An answer: its status, {@code Connection} header and body. */
    public record Answer(int status, String connection, String body) {
    }

    /** An upload under way: its answer, and the end of its body's sending. */
    public record Upload(Future<Answer> answer, Future<Void> sent) {

        /** The answer, or the failure that took its place (the connection lost before it was read). */
        public Answer answered() throws Exception {
            return answer.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }

        /** Waits until the body was sent whole; fails when it could not be. */
        public void sentWhole() throws Exception {
            sent.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** PUTs {@code bytes} of video at {@code path}, declaring their length or chunked. */
    public Upload put(String path, int bytes, boolean chunked) {
        RequestOptions options = target(HttpMethod.PUT, path).putHeader("Content-Type", "video/mp4");
        if (!chunked) {
            options.putHeader("Content-Length", Integer.toString(bytes));
        }
        Future<io.vertx.core.http.HttpClientRequest> opened = client.request(options);
        Future<Void> sent = opened.compose(request -> {
            request.setChunked(chunked);
            // Errors reach the futures; unhandled, a reset would also be logged.
            request.exceptionHandler(failure -> {
            });
            Buffer block = Buffer.buffer(new byte[BLOCK]);
            for (int written = 0; written + BLOCK <= bytes; written += BLOCK) {
                request.write(block);
            }
            return request.end(Buffer.buffer(new byte[bytes % BLOCK]));
        });
        Future<Answer> answer = opened.compose(request -> request.response()).compose(FastUploader::read);
        return new Upload(answer, sent);
    }

    public Answer get(String path) throws Exception {
        return client.request(target(HttpMethod.GET, path)).compose(request -> request.send())
                .compose(FastUploader::read).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** The connections opened so far. */
    public int connections() {
        return connections.get();
    }

    @Override
    public void close() {
        client.close();
    }

    private static Future<Answer> read(HttpClientResponse response) {
        return response.body().map(body -> new Answer(response.statusCode(), response.getHeader("Connection"),
                body.toString()));
    }

    private static RequestOptions target(HttpMethod method, String path) {
        return new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(RestAssured.port).setURI(path);
    }
}
