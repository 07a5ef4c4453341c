package dev.relay.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * A floor for the gateway benchmark: the least a proxy on the gateway's own stack (Vert.x, one event loop, native
 * transport where there is one) adds on this machine, measured with the same load in the same alternating slices.
 *
 * <ul>
 * <li>{@code bare}: reads the request and forwards it to the worker; nothing else.</li>
 * <li>{@code hops}: first makes, at the same time, the two calls the design puts on every request: the router
 * ({@code POST /internal/route}, answer parsed, the request then sent to the worker it names, a {@code finished}
 * signal batched every 20 ms as the gateway does) and Redis (one {@code EVAL} counting a rate window), each in the
 * cheapest way: one raw RESP connection, no client library, no fault tolerance, no authentication, no JSON
 * translation, no usage event.</li>
 * <li>{@code redis}: {@code hops} without the router: the Redis call only, then the worker given. What {@code hops}
 * adds beyond it is the router's round trip.</li>
 * <li>{@code overlap}: the Redis call and the worker at the same time, the worker's answer written once Redis has
 * answered too: the floor of a gateway that admits while the worker already works, instead of before.</li>
 * </ul>
 *
 * What the gateway adds beyond {@code hops} is its own code; what {@code hops} adds beyond {@code bare} is the
 * design's two round trips; what {@code bare} adds is the extra hop itself.
 *
 * <p>Arguments (key=value): port, mode ({@code bare}, {@code redis}, {@code overlap} or {@code hops}), worker (for all
 * but {@code hops}), router (for {@code hops}) and redis ({@code host:port}, for all but {@code bare}), model.
 */
public final class FloorProxy {

    private static final String WINDOW_SCRIPT =
            "local c = redis.call('INCR', KEYS[1]) if c == 1 then redis.call('PEXPIRE', KEYS[1], 60000) end return c";

    private final Vertx vertx;
    private final HttpClient client;
    private final Buffer routeBody;
    private final ArrayDeque<Promise<Void>> redisReplies = new ArrayDeque<>();
    private final Map<String, Integer> finished = new HashMap<>();
    private URI router;
    private boolean overlap;
    private NetSocket redis;
    private Buffer windowCall;

    private FloorProxy(Vertx vertx, String model) {
        this.vertx = vertx;
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(64));
        // The gateway's route question for the benchmark's prompt: one prefix block.
        this.routeBody = new JsonObject().put("model", model).put("mode", "auto").put("tier", "max")
                .put("prefixHashes", new JsonArray().add(4_735_812_931_207_155_521L)).put("promptTokensEstimate", 20)
                .toBuffer();
    }

    public static void main(String[] args) {
        Map<String, String> a = Args.parse(args);
        int port = Integer.parseInt(a.getOrDefault("port", "8095"));
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
        FloorProxy proxy = new FloorProxy(vertx, a.getOrDefault("model", "bench/echo"));
        vertx.runOnContext(ignored -> {
            String mode = a.getOrDefault("mode", "bare");
            proxy.overlap = "overlap".equals(mode);
            Future<Void> ready = "bare".equals(mode) ? Future.succeededFuture()
                    : proxy.connectHops("hops".equals(mode) ? URI.create(a.get("router")) : null,
                            a.getOrDefault("redis", "127.0.0.1:6379"));
            URI worker = URI.create(a.getOrDefault("worker", "http://127.0.0.1:8099"));
            ready.compose(v -> vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true))
                            .requestHandler(request -> request.body().onSuccess(body -> proxy.serve(request, body, worker)))
                            .listen(port))
                    .onSuccess(server -> System.out.printf("floor proxy (%s, native transport %s) on %d%n",
                            mode, vertx.isNativeTransportEnabled(), port))
                    .onFailure(failure -> {
                        failure.printStackTrace();
                        System.exit(1);
                    });
        });
    }

    /** Redis always; the router too unless {@code router} is null. */
    private Future<Void> connectHops(URI router, String redisAddress) {
        this.router = router;
        String[] hostPort = redisAddress.split(":");
        windowCall = Buffer.buffer(resp("EVAL", WINDOW_SCRIPT, "1", "bench:floor:window"));
        if (router != null) {
            vertx.setPeriodic(20, id -> reportFinished());
        }
        return vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true))
                .connect(Integer.parseInt(hostPort[1]), hostPort[0])
                .onSuccess(socket -> {
                    redis = socket;
                    // Integer replies, one line each, in the order sent; a read may hold several.
                    socket.handler(reply -> {
                        for (int i = 0; i < reply.length(); i++) {
                            if (reply.getByte(i) == '\n') {
                                redisReplies.poll().complete();
                            }
                        }
                    });
                }).mapEmpty();
    }

    private void serve(HttpServerRequest request, Buffer body, URI worker) {
        if (redis == null) {
            forward(request, body, worker);
            return;
        }
        Promise<Void> counted = Promise.promise();
        redisReplies.add(counted);
        redis.write(windowCall);
        if (overlap) {
            forward(request, body, worker, counted.future());
            return;
        }
        Future<URI> routed = router == null ? Future.succeededFuture(worker) : route();
        Future.all(routed, counted.future()).onComplete(both -> {
            if (both.failed()) {
                request.response().setStatusCode(503).end();
            } else {
                forward(request, body, routed.result());
            }
        });
    }

    /** Asks the router, as the gateway does, and answers the worker it names first. */
    private Future<URI> route() {
        return client.request(HttpMethod.POST, router.getPort(), router.getHost(), "/internal/route")
                .compose(call -> call.putHeader("Content-Type", "application/json").send(routeBody))
                .compose(HttpClientResponse::body)
                .map(answer -> {
                    JsonObject first = answer.toJsonObject().getJsonArray("candidates").getJsonObject(0);
                    finished.merge(first.getString("workerId"), 1, Integer::sum);
                    return URI.create(first.getString("baseUrl"));
                });
    }

    private void forward(HttpServerRequest request, Buffer body, URI worker) {
        forward(request, body, worker, Future.succeededFuture());
    }

    /** Writes nothing to the client before {@code admitted} completes (the answer's body is read meanwhile). */
    private void forward(HttpServerRequest request, Buffer body, URI worker, Future<Void> admitted) {
        client.request(request.method(), worker.getPort(), worker.getHost(), request.uri())
                .compose(out -> out.putHeader("Content-Type", "application/json").send(body))
                .onSuccess(answer -> {
                    if (admitted.isComplete()) {
                        relay(answer, request.response());
                    } else {
                        answer.pause();
                        admitted.onComplete(done -> {
                            relay(answer, request.response());
                            answer.resume();
                        });
                    }
                })
                .onFailure(failure -> request.response().setStatusCode(502).end());
    }

    private static void relay(HttpClientResponse answer, HttpServerResponse response) {
        response.setStatusCode(answer.statusCode());
        String type = answer.getHeader("Content-Type");
        if (type != null) {
            response.putHeader("Content-Type", type);
        }
        if (answer.getHeader("Content-Length") != null) {
            answer.body().onSuccess(response::end);
            return;
        }
        response.setChunked(true);
        answer.handler(response::write);
        answer.endHandler(end -> response.end());
    }

    /** A Redis command in its wire form (ASCII arguments). */
    private static String resp(String... arguments) {
        StringBuilder command = new StringBuilder("*").append(arguments.length).append("\r\n");
        for (String argument : arguments) {
            command.append('$').append(argument.length()).append("\r\n").append(argument).append("\r\n");
        }
        return command.toString();
    }

    /** As the gateway does, so that the router's in-flight counts come back down. */
    private void reportFinished() {
        if (finished.isEmpty()) {
            return;
        }
        JsonArray signals = new JsonArray();
        finished.forEach((worker, count) -> {
            for (int i = 0; i < count; i++) {
                signals.add(new JsonObject().put("workerId", worker).put("kind", "finished").put("ok", true)
                        .put("ttftMs", 0).put("durationMs", 0));
            }
        });
        finished.clear();
        client.request(HttpMethod.POST, router.getPort(), router.getHost(), "/internal/workers/signals")
                .compose(call -> call.putHeader("Content-Type", "application/json").send(signals.toBuffer()))
                .onFailure(failure -> System.err.println("signals not reported: " + failure.getMessage()));
    }
}
