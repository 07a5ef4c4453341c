package dev.relay.gateway.fleet;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import dev.relay.contracts.internal.ModelPrice;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Plays auth-service, billing-service (prices, balance) and router-service per docs/architecture.md, plus fake
 * workers, on one random port. Tests drive it over HTTP ({@code /_stub/...}) because test resources and tests may
 * live in different class loaders.
 *
 * <p>The router's answer depends on the model name: {@code test-ok}, {@code test-free}, {@code test-unpriced}
 * (no price of its own: billing's default price, {@code *}, applies) and {@code test-unqueued} (which the fake
 * task-service refuses, see {@link FakeTaskService}) go to a healthy OpenAI worker; {@code test-failover} lists an unreachable worker, then one answering 500, then
 * the healthy one; {@code test-midfail} a worker that dies after two chunks (then the healthy one); {@code test-miderror}
 * one that sends a chunk, then vLLM's in-stream error event and [DONE]; {@code test-toolfail} one that streams reasoning and the start of a
 * tool call, then dies ({@code test-toolfail-failover}: then the healthy one); {@code test-chatty} one that
 * streams text, then a tool call; {@code test-parallel} one that interleaves the fragments of two calls; {@code test-rolefail} one that dies after a
 * chunk naming only the role (then the healthy one); {@code test-burst} one that sends its whole
 * stream in one write; {@code test-slow} one that never
 * answers in time; {@code test-crowded} one that answers 429 (then the healthy one), {@code test-crowded-only} only it; {@code test-ollama} an Ollama worker ({@code test-ollama-first} it, then the healthy vLLM one); {@code test-trickle} one that streams forever;
 * {@code test-picky} one that refuses every request (400) before the healthy one; {@code test-dead} only
 * failing workers. {@code test-video}, {@code test-image} and {@code test-audio} go to the media workers of their
 * source ({@link FakeMediaWorkers}). {@code test-counted} goes to the healthy worker under an id made from the prompt's first prefix
 * hash ({@code test-counted-late} too, answered after {@link #LATE_ROUTE_MS}, time for a client to leave while its
 * request is admitted), and {@code test-counted-failover} tries an unreachable worker first, so that a test with its own prompt can
 * find the load signals of its own request ({@code /_stub/signals/{workerId}}). A key registered with {@code "_broken":true} makes the key lookup answer 500; {@code test-alias} resolves to {@code test-ok} and {@code test-opengpu} is sent to opengpu (both to the healthy worker); {@code test-busy} gets 503; {@code test-too-long} the router's 400 {@code context_length_exceeded}; anything else 404.
 * A test may route a model of its own to a worker of its own ({@link Fleet#routedToOwnWorker}).
 * The registry it hands out for the gateway's mirror ({@code /internal/routing}) serves only {@code test-mirrored};
 * its policy names one alias, {@code test-smart} for {@code test-ok}.
 */
public class FakeFleet implements QuarkusTestResourceLifecycleManager {

    static final long LATE_ROUTE_MS = 1_000;

    /** The version of test-ok's price, which its usage events cite (the other models' are 1). */
    public static final int TEST_OK_PRICE_VERSION = 3;

    static final JsonArray PRICES = new JsonArray()
            .add(price("test-ok", 1_000_000, 2_000_000).put("version", TEST_OK_PRICE_VERSION))
            .add(price("test-failover", 1_000_000, 2_000_000))
            .add(price("test-midfail", 1_000_000, 2_000_000))
            .add(price("test-miderror", 1_000_000, 2_000_000))
            .add(price("test-toolfail", 1_000_000, 2_000_000))
            .add(price("test-toolfail-failover", 1_000_000, 2_000_000))
            .add(price("test-chatty", 1_000_000, 2_000_000))
            .add(price("test-parallel", 1_000_000, 2_000_000))
            .add(price("test-rolefail", 1_000_000, 2_000_000))
            .add(price("test-burst", 1_000_000, 2_000_000))
            .add(price("test-slow", 1_000_000, 2_000_000))
            .add(price("test-ollama", 1_000_000, 2_000_000))
            .add(price("test-ollama-first", 1_000_000, 2_000_000))
            .add(price("test-trickle", 1_000_000, 2_000_000))
            .add(price("test-picky", 1_000_000, 2_000_000))
            .add(price("test-dead", 1_000_000, 2_000_000))
            .add(price("test-counted", 1_000_000, 2_000_000))
            .add(price("test-counted-failover", 1_000_000, 2_000_000))
            .add(price("test-counted-late", 1_000_000, 2_000_000))
            .add(price("test-mirrored", 1_000_000, 2_000_000))
            .add(price("test-free", 0, 0))
            .add(price(ModelPrice.ANY_MODEL, 3_000_000, 6_000_000));

    /**
     * Tiers for {@code TierLimitsTest}; the other tests' keys are on a tier not listed here, so only key limits apply.
     * The guest tier's 999 differs from the gateway's configured fallback (1000 in tests) so tests can tell them apart.
     */
    static final JsonObject TIERS = new JsonObject()
            .put("guest", new JsonObject().put("rpm", 999).put("modeRpm", new JsonObject()))
            .put("duo", new JsonObject().put("rpm", 2).put("modeRpm", new JsonObject()))
            .put("direct-one", new JsonObject().put("rpm", 100)
                    .put("modeRpm", new JsonObject().put("direct", 1).put("opengpu", 100)));

    private final Map<String, JsonObject> keys = new ConcurrentHashMap<>();
    private final Map<String, JsonObject> workerBodies = new ConcurrentHashMap<>();
    private final Map<String, Integer> workerCalls = new ConcurrentHashMap<>();
    private final Map<String, JsonArray> signals = new ConcurrentHashMap<>();
    private final Map<String, Integer> routeCalls = new ConcurrentHashMap<>();
    private final Map<String, JsonObject> taskSubmissions = new ConcurrentHashMap<>();
    /** Models a test routes to a worker of its own ({@code PUT /_stub/routes/{model}}): one candidate each. */
    private final Map<String, JsonObject> ownRoutes = new ConcurrentHashMap<>();
    private final AtomicBoolean routingDown = new AtomicBoolean();
    private Vertx vertx;
    private HttpServer server;
    private String base;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        FakeTaskService.watchUploads(router); // ahead of the body handler, which sees no upload that is cut off
        // Media as large as task-service keeps (64 MiB) are put to its fake; a fake worker's form files are kept
        // under target/ for as long as their request.
        router.route().handler(BodyHandler.create().setBodyLimit(64L * 1024 * 1024)
                .setUploadsDirectory("target/fake-fleet-uploads").setDeleteUploadedFilesOnEnd(true));
        stubs(router);
        FakeWorkers.mount(router, vertx, workerBodies, workerCalls);
        FakeMediaWorkers.mount(router);
        FakeTaskService.mount(router, taskSubmissions);
        try {
            server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("fake fleet did not start", e);
        }
        base = "http://127.0.0.1:" + server.actualPort();
        return Map.of(
                "relay.gateway.auth-url", base,
                "relay.gateway.billing-url", base,
                "relay.gateway.router-url", base,
                "relay.gateway.task-url", base);
    }

    private void stubs(Router router) {
        router.get("/internal/keys/:hash").handler(ctx -> {
            JsonObject identity = keys.get(ctx.pathParam("hash"));
            if (identity != null && identity.getBoolean("_broken", false)) {
                ctx.response().setStatusCode(500).end("auth is having a bad day");
            } else if (identity == null) {
                ctx.response().setStatusCode(404).end();
            } else {
                json(ctx, 200, identity.encode());
            }
        });
        router.put("/_stub/keys/:hash").handler(ctx -> {
            keys.put(ctx.pathParam("hash"), ctx.body().asJsonObject());
            ctx.response().setStatusCode(204).end();
        });
        router.delete("/_stub/keys/:hash").handler(ctx -> {
            keys.remove(ctx.pathParam("hash"));
            ctx.response().setStatusCode(204).end();
        });
        router.get("/_stub/workers/:name/body").handler(ctx -> {
            JsonObject body = workerBodies.get(ctx.pathParam("name"));
            json(ctx, body == null ? 404 : 200, body == null ? "{}" : body.encode());
        });
        router.get("/_stub/workers/:name/calls").handler(ctx ->
                json(ctx, 200, String.valueOf(workerCalls.getOrDefault(ctx.pathParam("name"), 0))));
        router.get("/internal/prices").handler(ctx -> json(ctx, 200, PRICES.encode()));
        router.get("/internal/tiers").handler(ctx -> json(ctx, 200, TIERS.encode()));
        router.get("/internal/accounts/:id/balance").handler(ctx -> json(ctx, 200, new JsonObject()
                .put("account_id", ctx.pathParam("id")).put("credits_micro", 4242).put("credits_dollars", "0.004242")
                .encode()));
        router.get("/internal/accounts/:id/usage").handler(ctx -> json(ctx, 200, new JsonObject()
                .put("data", new JsonArray().add(new JsonObject().put("account", ctx.pathParam("id"))
                        .put("limit", ctx.request().getParam("limit")).put("cursor", ctx.request().getParam("cursor"))))
                .putNull("next_cursor").encode()));
        router.get("/internal/accounts/:id/keys").handler(ctx -> json(ctx, 200, new JsonObject()
                .put("account_id", ctx.pathParam("id")).put("keys", new JsonArray()).encode()));
        router.post("/internal/accounts/:id/keys").handler(ctx -> {
            if (ctx.body().asString().startsWith("\uFEFF")) {
                // As auth-service answers it: a byte order mark is not JSON to its reader.
                json(ctx, 400, new JsonObject().put("error", new JsonObject().put("message", "invalid JSON")
                        .put("type", "invalid_request_error").put("code", "invalid_json")).encode());
                return;
            }
            json(ctx, 201, ctx.body().asJsonObject().put("account_id", ctx.pathParam("id")).put("id", "key-new")
                    .encode());
        });
        router.delete("/internal/accounts/:id/keys/:keyId").handler(ctx -> {
            switch (ctx.pathParam("keyId")) {
                case "key-known" -> ctx.response().setStatusCode(204).end();
                case "key-crash" -> ctx.response().setStatusCode(500).end("java.lang.NullPointerException at Keys.java:42");
                default -> ctx.response().setStatusCode(404).end();
            }
        });
        router.get("/internal/models").handler(ctx -> json(ctx, 200, new JsonArray().add(new JsonObject()
                .put("id", "direct.sim.test-ok").put("mode", "direct").put("source", "sim").put("model", "test-ok")
                .put("ownedBy", "relay").put("contextWindow", 8192).put("healthyWorkers", 1)).encode()));
        router.post("/internal/workers/signals").handler(ctx -> {
            for (Object signal : ctx.body().asJsonArray()) {
                JsonObject one = (JsonObject) signal;
                signals.computeIfAbsent(one.getString("workerId"), id -> new JsonArray()).add(one);
            }
            ctx.response().setStatusCode(204).end();
        });
        router.put("/_stub/routes/:model").handler(ctx -> {
            JsonObject worker = ctx.body().asJsonObject();
            ownRoutes.put(ctx.pathParam("model"), candidate(worker.getString("workerId"),
                    worker.getString("baseUrl"), worker.getString("protocol")));
            ctx.response().setStatusCode(204).end();
        });
        router.get("/_stub/routes/:model").handler(ctx -> ctx.response()
                .end(String.valueOf(routeCalls.getOrDefault(ctx.pathParam("model"), 0))));
        router.get("/_stub/signals/:id").handler(ctx -> json(ctx, 200,
                signals.getOrDefault(ctx.pathParam("id"), new JsonArray()).encode()));
        router.post("/internal/route").handler(this::route);
        router.get("/internal/routing").handler(ctx -> {
            if (routingDown.get()) {
                ctx.response().setStatusCode(500).end();
            } else {
                json(ctx, 200, routingSnapshot().encode());
            }
        });
        router.put("/_stub/routing/down/:down").handler(ctx -> {
            routingDown.set(Boolean.parseBoolean(ctx.pathParam("down")));
            ctx.response().setStatusCode(204).end();
        });
    }

    /**
     * The registry the gateway mirrors: only {@code test-mirrored}, on the healthy worker, so that every other model
     * is routed by {@link #route} (which does not know this one: a route asked for it answers 404).
     */
    private JsonObject routingSnapshot() {
        JsonObject weights = new JsonObject().put("queue", 1.0).put("kv", 0.5).put("prefix", 1.0).put("latency", 0.1)
                .put("price", 0.05).put("latencyScaleMs", 1000.0).put("loadGuard", 0.5);
        JsonObject policy = new JsonObject().put("strategy", "cache-aware").put("weights", weights)
                .put("maxCandidates", 3).put("prefixBlocksPerWorker", 1024)
                .put("aliases", new JsonObject().put("test-smart", "test-ok"))
                .put("contextWindows", new JsonObject());
        JsonObject descriptor = new JsonObject().put("id", "mirrored").put("baseUrl", base + "/w/ok")
                .put("protocol", "vllm").put("mode", "direct").put("models", new JsonArray().add("test-mirrored"))
                .put("capacity", 8).put("labels", new JsonObject()).put("origin", "HEARTBEAT");
        JsonObject worker = new JsonObject().put("descriptor", descriptor).put("health", "HEALTHY")
                .put("lifecycle", "ACTIVE").put("leaving", false).put("running", 0).put("waiting", 0).put("kvUsage", 0.0)
                .put("metricsAvailable", true).put("inFlight", 0).put("latencyEwmaMs", 0.0).put("ttftEwmaMs", 0.0)
                .put("contextWindows", new JsonObject());
        return new JsonObject().put("policy", policy).put("workers", new JsonArray().add(worker));
    }

    private void route(RoutingContext ctx) {
        String model = ctx.body().asJsonObject().getString("model");
        routeCalls.merge(model, 1, Integer::sum);
        String workers = base + "/w/";
        JsonArray candidates = switch (model) {
            case "test-ok", "test-free", "test-unpriced", "test-unqueued" -> new JsonArray().add(candidate("ok", workers + "ok", "vllm"));
            case "test-failover" -> new JsonArray()
                    .add(candidate("dead", "http://127.0.0.1:1", "vllm"))
                    .add(candidate("boom", workers + "boom", "openai"))
                    .add(candidate("ok", workers + "ok", "vllm"));
            case "test-midfail" -> new JsonArray()
                    .add(candidate("midfail", workers + "midfail", "vllm"))
                    .add(candidate("ok", workers + "ok", "vllm"));
            case "test-miderror" -> new JsonArray()
                    .add(candidate("miderror", workers + "miderror", "vllm"))
                    .add(candidate("ok", workers + "ok", "vllm"));
            case "test-toolfail" -> new JsonArray().add(candidate("toolfail", workers + "toolfail", "vllm"));
            case "test-chatty" -> new JsonArray().add(candidate("chatty", workers + "chatty", "vllm"));
            case "test-parallel" -> new JsonArray().add(candidate("parallel", workers + "parallel", "vllm"));
            case "test-toolfail-failover" -> new JsonArray().add(candidate("toolfail", workers + "toolfail", "vllm"))
                    .add(candidate("ok", workers + "ok", "vllm"));
            case "test-rolefail" -> new JsonArray()
                    .add(candidate("rolefail", workers + "rolefail", "vllm"))
                    .add(candidate("ok", workers + "ok", "vllm"));
            case "test-slow" -> new JsonArray().add(candidate("slow", workers + "slow", "vllm"));
            case "test-crowded" -> new JsonArray().add(candidate("crowded", workers + "crowded", "vllm"))
                    .add(candidate("ok", workers + "ok", "vllm"));
            case "test-crowded-only" -> new JsonArray().add(candidate("crowded", workers + "crowded", "vllm"));
            case "test-burst" -> new JsonArray().add(candidate("burst", workers + "burst", "vllm"));
            case "test-ollama" -> new JsonArray().add(candidate("ollama", workers + "ollama", "ollama"));
            case "test-ollama-first" -> new JsonArray().add(candidate("ollama", workers + "ollama", "ollama"))
                    .add(candidate("ok", workers + "ok", "vllm"));
            case "test-picky" -> new JsonArray().add(candidate("picky", workers + "picky", "vllm"))
                    .add(candidate("ok", workers + "ok", "vllm"));
            case "test-dead" -> new JsonArray().add(candidate("dead", "http://127.0.0.1:1", "vllm"))
                    .add(candidate("boom", workers + "boom", "openai"));
            case "test-trickle" -> new JsonArray().add(candidate("trickle", workers + "trickle", "vllm"));
            // a worker whose protocol the chat path does not speak (a newer router's): no candidate can take a chat
            case "test-unspoken" -> new JsonArray().add(candidate("unspoken", workers + "ok", "triton"));
            // media workers speak the protocol of their catalog source (FakeMediaWorkers)
            case "test-video" -> new JsonArray().add(candidate("video", base + "/m/video", "video"));
            case "test-image" -> new JsonArray().add(candidate("images", base + "/m/images", "image"));
            case "test-audio" -> new JsonArray().add(candidate("audio", base + "/m/audio", "audio"));
            case "test-counted", "test-counted-late" ->
                    new JsonArray().add(candidate(countedId(ctx), workers + "ok", "vllm"));
            case "test-counted-failover" -> new JsonArray()
                    .add(candidate("dead-" + countedId(ctx), "http://127.0.0.1:1", "vllm"))
                    .add(candidate(countedId(ctx), workers + "ok", "vllm"));
            default -> ownRoutes.containsKey(model) ? new JsonArray().add(ownRoutes.get(model)) : null;
        };
        if (routedElsewhere(ctx, model, new JsonArray().add(candidate("ok", workers + "ok", "vllm")))) {
            return;
        }
        if ("test-busy".equals(model)) {
            ctx.response().setStatusCode(503).end();
        } else if ("test-too-long".equals(model)) {
            json(ctx, 400, new JsonObject().put("error", new JsonObject().put("message", "This model's maximum "
                    + "context length is 8 tokens").put("type", "invalid_request_error").put("param", "messages")
                    .put("code", "context_length_exceeded")).encode());
        } else if (candidates == null) {
            ctx.response().setStatusCode(404).end();
        } else {
            String decision = new JsonObject().put("resolvedModel", model).put("mode", "direct").put("source", "sim")
                    .put("candidates", candidates).encode();
            if ("test-counted-late".equals(model)) {
                vertx.setTimer(LATE_ROUTE_MS, id -> json(ctx, 200, decision));
            } else {
                json(ctx, 200, decision);
            }
        }
    }

    /** Answers the router gives with a model or mode other than the one asked for (alias, auto sent to opengpu). */
    private static boolean routedElsewhere(RoutingContext ctx, String model, JsonArray healthy) {
        JsonObject decision = switch (model) {
            case "test-alias" -> new JsonObject().put("resolvedModel", "test-ok").put("mode", "direct");
            case "test-opengpu" -> new JsonObject().put("resolvedModel", model).put("mode", "opengpu");
            default -> null;
        };
        if (decision != null) {
            json(ctx, 200, decision.put("source", "sim").put("candidates", healthy).encode());
        }
        return decision != null;
    }

    private static String countedId(RoutingContext ctx) {
        return "counted-" + ctx.body().asJsonObject().getJsonArray("prefixHashes").getLong(0);
    }

    private static JsonObject candidate(String id, String url, String protocol) {
        return new JsonObject().put("workerId", id).put("baseUrl", url).put("protocol", protocol)
                .put("mode", "direct").put("model", "worker-" + id);
    }

    private static JsonObject price(String model, long in, long out) {
        return new JsonObject().put("model", model).put("inputPerMillionMicro", in).put("outputPerMillionMicro", out)
                .put("perImageMicro", 0).put("perSecondMicro", 0).put("defaultMaxTokens", 100).put("version", 1);
    }

    static void json(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
