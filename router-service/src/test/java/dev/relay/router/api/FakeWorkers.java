package dev.relay.router.api;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Tiny GPU-worker stand-ins (plain Vert.x HTTP servers on free ports) configured as the router's static workers.
 * They answer what a real server answers: vLLM {@code /health}, {@code /v1/models} with {@code max_model_len},
 * Prometheus {@code /metrics} with vLLM's names; Ollama {@code /api/tags}. Tests steer them over HTTP:
 * {@code POST /control/health?status=503} and {@code POST /control/metrics} (body = the exposition text).
 */
public class FakeWorkers implements QuarkusTestResourceLifecycleManager {

    /** id, protocol, mode, models. */
    static final List<String[]> WORKERS = List.of(
            new String[] {"fake-metrics", "vllm", "direct", "test/metrics-model"},
            new String[] {"fake-flaky", "vllm", "direct", "test/flaky-model"},
            new String[] {"fake-direct", "vllm", "direct", "test/auto-model,deepseek-ai/DeepSeek-V3.1"},
            new String[] {"fake-opengpu", "vllm", "opengpu", "test/auto-model,test/opengpu-only"},
            new String[] {"fake-ollama", "ollama", "direct", "test/ollama-model:7b"},
            new String[] {"fake-spare", "vllm", "direct", "test/spare-model"});

    static final int MAX_MODEL_LEN = 65536;

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        Map<String, String> config = new HashMap<>();
        for (String[] w : WORKERS) {
            int port = serve(w[1], w[3].split(","));
            String prefix = "relay.router.workers." + w[0] + ".";
            config.put(prefix + "base-url", "http://127.0.0.1:" + port);
            config.put(prefix + "protocol", w[1]);
            config.put(prefix + "mode", w[2]);
            config.put(prefix + "models", w[3]);
            config.put(prefix + "capacity", "8");
        }
        return config;
    }

    private int serve(String protocol, String[] models) {
        int[] health = {200};
        String[] metrics = {"vllm:num_requests_running{model_name=\"" + models[0] + "\"} 0\n"};
        HttpServer server = vertx.createHttpServer().requestHandler(req -> {
            String path = req.path();
            switch (path) {
                case "/health" -> req.response().setStatusCode(health[0]).end();
                case "/v1/models" -> {
                    JsonArray data = new JsonArray();
                    for (String m : models) {
                        data.add(new JsonObject().put("id", m).put("object", "model").put("max_model_len", MAX_MODEL_LEN));
                    }
                    req.response().setStatusCode(health[0]).putHeader("content-type", "application/json")
                            .end(new JsonObject().put("object", "list").put("data", data).encode());
                }
                case "/api/tags" -> {
                    JsonArray tags = new JsonArray();
                    for (String m : models) {
                        tags.add(new JsonObject().put("name", m).put("model", m));
                    }
                    req.response().setStatusCode(health[0]).putHeader("content-type", "application/json")
                            .end(new JsonObject().put("models", tags).encode());
                }
                case "/metrics" -> {
                    if ("ollama".equals(protocol)) {
                        req.response().setStatusCode(404).end();
                    } else {
                        req.response().putHeader("content-type", "text/plain; version=0.0.4").end(metrics[0]);
                    }
                }
                case "/control/health" -> {
                    health[0] = Integer.parseInt(req.getParam("status"));
                    req.response().setStatusCode(204).end();
                }
                case "/control/metrics" -> req.body().onSuccess(body -> {
                    metrics[0] = body.toString();
                    req.response().setStatusCode(204).end();
                });
                default -> req.response().setStatusCode(404).end();
            }
        });
        try {
            return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                    .actualPort();
        } catch (Exception e) {
            throw new IllegalStateException("could not start a fake worker", e);
        }
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
