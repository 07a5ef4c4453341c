package dev.relay.router.client;

import dev.relay.router.config.RouterConfig;
import dev.relay.routing.registry.HealthPolicy;
import dev.relay.routing.registry.Worker;
import dev.relay.routing.registry.WorkerRegistry;
import dev.relay.routing.registry.WorkerState.Lifecycle;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Active health probes, each with the call the real server answers: vLLM {@code GET /health}, OpenAI-compatible
 * {@code GET /v1/models}, Ollama {@code GET /api/tags}, anything else {@code GET /health}; a worker label
 * {@value #PROBE_PATH_LABEL} overrides. Also reads {@code max_model_len} from {@code /v1/models} of vLLM/OpenAI
 * workers now and then for the catalog's context windows.
 */
@ApplicationScoped
public class WorkerProber {

    public static final String PROBE_PATH_LABEL = "relay.probe-path";
    private static final Logger LOG = Logger.getLogger(WorkerProber.class);

    private final Vertx vertx;
    private final WorkerHttp http;
    private final WorkerRegistry registry;
    private final HealthPolicy policy;
    private final RouterConfig.Health config;
    private long timer = -1;

    public WorkerProber(Vertx vertx, WorkerHttp http, WorkerRegistry registry, HealthPolicy policy, RouterConfig config) {
        this.vertx = vertx;
        this.http = http;
        this.registry = registry;
        this.policy = policy;
        this.config = config.health();
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(10, config.probeInterval().toMillis(), id -> probeAll());
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    void probeAll() {
        for (Worker worker : registry.all()) {
            if (worker.lifecycle() == Lifecycle.ACTIVE && worker.tryStartProbe()) {
                probe(worker);
            }
        }
    }

    static String probePath(Worker worker) {
        String override = worker.descriptor().labels().get(PROBE_PATH_LABEL);
        if (override != null && !override.isBlank()) {
            return override.startsWith("/") ? override : "/" + override;
        }
        return switch (worker.descriptor().protocol()) {
            case "openai" -> "/v1/models";
            case "ollama" -> "/api/tags";
            default -> "/health";
        };
    }

    private void probe(Worker worker) {
        String path = probePath(worker);
        http.get(worker.descriptor().baseUrl() + path, config.probeTimeout().toMillis()).onComplete(ar -> {
            worker.endProbe();
            Instant now = Instant.now();
            // Any answer below 500 means the server is up: a hosted API may want a key for /v1/models (401), or
            // have no /health (404); vLLM answers 503 on /health when its engine is dead.
            String error = ar.failed() ? String.valueOf(ar.cause().getMessage())
                    : ar.result().statusCode() < 500 ? null : "HTTP " + ar.result().statusCode() + " from " + path;
            policy.probed(worker, error, now);
            if (error != null) {
                LOG.debugf("probe of %s failed: %s", worker.id(), error);
                return;
            }
            if (ar.result().statusCode() != 200) {
                return;
            }
            if ("/v1/models".equals(path)) {
                readContextWindows(worker, ar.result(), now);
            } else if (hasModelList(worker) && modelsDue(worker, now)) {
                http.get(worker.descriptor().baseUrl() + "/v1/models", config.probeTimeout().toMillis())
                        .onSuccess(response -> readContextWindows(worker, response, Instant.now()));
            }
        });
    }

    private static boolean hasModelList(Worker worker) {
        String protocol = worker.descriptor().protocol();
        return "vllm".equals(protocol) || "openai".equals(protocol);
    }

    private boolean modelsDue(Worker worker, Instant now) {
        Instant last = worker.contextWindowsAt();
        return last == null || Duration.between(last, now).compareTo(config.modelsRefresh()) > 0;
    }

    /** vLLM lists {@code {"data":[{"id":..., "max_model_len":...}]}}; servers without the field leave it unknown. */
    static void readContextWindows(Worker worker, HttpResponse<Buffer> response, Instant now) {
        if (response.statusCode() != 200) {
            worker.contextWindows(Map.of(), now);
            return;
        }
        Map<String, Integer> windows = new HashMap<>();
        try {
            JsonArray data = response.bodyAsJsonObject().getJsonArray("data", new JsonArray());
            for (int i = 0; i < data.size(); i++) {
                JsonObject model = data.getJsonObject(i);
                Object len = model.getValue("max_model_len");
                if (model.getString("id") != null && len instanceof Number n && n.intValue() > 0) {
                    windows.put(model.getString("id"), n.intValue());
                }
            }
        } catch (RuntimeException e) {
            LOG.debugf("unreadable model list from %s: %s", worker.id(), e.getMessage());
        }
        worker.contextWindows(windows, now);
    }
}
