package dev.relay.router.client;

import dev.relay.router.config.RouterConfig;
import dev.relay.routing.registry.Worker;
import dev.relay.routing.registry.WorkerRegistry;
import dev.relay.routing.registry.WorkerState.Lifecycle;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads running/waiting/KV-cache use from each vLLM worker's {@code /metrics} at a sub-second interval (one
 * request per worker in flight at most). Workers of other protocols, and vLLM workers whose endpoint has none of
 * the series, are marked as having no metrics, so the scorer uses the router's own in-flight counts; such an
 * endpoint is tried again only after {@link #RETRY_NO_METRICS_MS}.
 */
@ApplicationScoped
public class MetricsScraper {

    static final long RETRY_NO_METRICS_MS = 30_000;
    public static final String METRICS_PATH_LABEL = "relay.metrics-path";

    private final Vertx vertx;
    private final WorkerHttp http;
    private final WorkerRegistry registry;
    private final RouterConfig.Scrape config;
    private final Map<String, Long> quietUntil = new ConcurrentHashMap<>();
    private long timer = -1;

    public MetricsScraper(Vertx vertx, WorkerHttp http, WorkerRegistry registry, RouterConfig config) {
        this.vertx = vertx;
        this.http = http;
        this.registry = registry;
        this.config = config.scrape();
        registry.onRemoved(worker -> quietUntil.remove(worker.id()));
    }

    void start(@Observes StartupEvent event) {
        if (config.enabled()) {
            timer = vertx.setPeriodic(10, config.interval().toMillis(), id -> scrapeAll());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    void scrapeAll() {
        long now = System.currentTimeMillis();
        for (Worker worker : registry.all()) {
            if (worker.lifecycle() != Lifecycle.ACTIVE) {
                continue;
            }
            String path = metricsPath(worker);
            if (path == null) {
                if (worker.metricsAvailable() == null) {
                    worker.noMetrics(Instant.now());
                }
                continue;
            }
            if (quietUntil.getOrDefault(worker.id(), 0L) > now || !worker.tryStartScrape()) {
                continue;
            }
            scrape(worker, path);
        }
    }

    static String metricsPath(Worker worker) {
        String override = worker.descriptor().labels().get(METRICS_PATH_LABEL);
        if (override != null) {
            return override.isBlank() ? null : override.startsWith("/") ? override : "/" + override;
        }
        return "vllm".equals(worker.descriptor().protocol()) ? "/metrics" : null;
    }

    private void scrape(Worker worker, String path) {
        http.get(worker.descriptor().baseUrl() + path, config.timeout().toMillis()).onComplete(ar -> {
            worker.endScrape();
            Instant now = Instant.now();
            if (ar.failed()) {
                return; // the prober decides about health; keep the last values
            }
            PrometheusText.VllmLoad load = ar.result().statusCode() == 200
                    ? PrometheusText.parse(ar.result().bodyAsString())
                    : new PrometheusText.VllmLoad(0, 0, 0, false);
            if (load.found()) {
                worker.scraped(now, load.running(), load.waiting(), load.kvUsage(), config.reconcileAfter());
            } else {
                worker.noMetrics(now);
                quietUntil.put(worker.id(), System.currentTimeMillis() + RETRY_NO_METRICS_MS);
            }
        });
    }
}
