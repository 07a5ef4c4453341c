package dev.relay.gateway.fleet;

import dev.relay.contracts.internal.TaskSubmission;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A media worker of a test's own, on a port of its own (so the gateway's connections to it are that test's alone),
 * routed for a model of its own: it answers each request as it is told, and counts the connections the gateway opened
 * and closed.
 */
public final class OwnMediaWorker implements AutoCloseable {

    public final String model = "test-own-" + UUID.randomUUID();
    public final AtomicInteger connections = new AtomicInteger();
    public final AtomicInteger closedConnections = new AtomicInteger();
    private final Vertx vertx = Vertx.vertx();

    /** An image worker answering every request, once its body came, with {@code answer}. */
    public static OwnMediaWorker images(Consumer<HttpServerResponse> answer) {
        return new OwnMediaWorker("image", request -> request.body().onSuccess(body -> answer.accept(
                request.response())));
    }

    /** A worker of {@code protocol}'s media ({@code image}, {@code video}...) that handles requests itself. */
    public OwnMediaWorker(String protocol, Handler<HttpServerRequest> requests) {
        HttpServer server;
        try {
            server = vertx.createHttpServer()
                    .connectionHandler(connection -> {
                        connections.incrementAndGet();
                        connection.closeHandler(closed -> closedConnections.incrementAndGet());
                    })
                    .requestHandler(requests)
                    .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the test's worker did not start", e);
        }
        Fleet.routedToOwnWorker(model, "http://127.0.0.1:" + server.actualPort(), protocol);
    }

    /** One image, whole. */
    public static void oneImage(HttpServerResponse response) {
        response.putHeader("Content-Type", "application/json").end(new JsonObject().put("data", new JsonArray()
                .add(new JsonObject().put("b64_json", Base64.getEncoder().encodeToString(Fleet.madeImage(0)))))
                .encode());
    }

    /** The answer's head and the start of its body, then nothing more. */
    public static void fallsSilent(HttpServerResponse response) {
        response.putHeader("Content-Type", "application/json").putHeader("Content-Length", "100000")
                .write("{\"data\":[{\"b64_json\":\"AAAA");
    }

    /** The answer's head, then its image a byte at a time, never silent for long and never ending. */
    public static void neverEnds(HttpServerResponse response) {
        response.putHeader("Content-Type", "application/json").setChunked(true).write("{\"data\":[{\"b64_json\":\"");
        trickled(response);
    }

    /** The rest of {@code response}, a byte at a time, never silent for long and never ending. */
    public static void trickled(HttpServerResponse response) {
        Vertx owner = Vertx.currentContext().owner();
        owner.setPeriodic(100, trickle -> {
            if (response.closed()) {
                owner.cancelTimer(trickle);
                return;
            }
            response.write("A");
        });
    }

    /** An image task published for this worker's model, its credit held. */
    public TaskSubmission publishTask(RedisDataSource redis) {
        return publishTask(redis, TaskSubmission.IMAGE, Map.of("prompt", "a test of its own " + UUID.randomUUID(),
                "n", 1));
    }

    /** A task of {@code kind} asking this worker's model for {@code body}, published, its credit held. */
    public TaskSubmission publishTask(RedisDataSource redis, String kind, Map<String, Object> body) {
        TaskSubmission task = TaskTopics.held(redis, TaskTopics.mediaTask(kind, model, body,
                "res_" + UUID.randomUUID(), 5_000), 1_000_000);
        TaskTopics.publish(task);
        return task;
    }

    @Override
    public void close() {
        vertx.close();
    }
}
