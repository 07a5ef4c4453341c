package dev.relay.simulator.api;

import dev.relay.simulator.engine.EngineSnapshot;
import dev.relay.simulator.engine.ModelCounters;
import dev.relay.simulator.service.MediaQueue;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * vLLM's Prometheus series, written by hand in text format 0.0.4 because the names contain colons (Micrometer
 * would rename them). Each series carries {@code engine="0"} and {@code model_name}, as vLLM's do; KV-cache use is
 * the one shared cache's, repeated per model. A media worker exposes the two load gauges only (vLLM-Omni keeps
 * vLLM's names), counting jobs on the GPU and jobs waiting for it.
 */
final class PrometheusExposition {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusExposition() {
    }

    static String render(EngineSnapshot snapshot) {
        StringBuilder out = new StringBuilder(4096);
        Map<String, ModelCounters.Snapshot> models = snapshot.models();
        gauge(out, models, "vllm:num_requests_running", "Number of requests in model execution batches.",
                ModelCounters.Snapshot::running);
        gauge(out, models, "vllm:num_requests_waiting", "Number of requests waiting to be processed.",
                ModelCounters.Snapshot::waiting);
        gauge(out, models, "vllm:kv_cache_usage_perc", "KV-cache usage. 1 means 100 percent usage.",
                m -> snapshot.kvCacheUsage());
        counter(out, models, "vllm:prefix_cache_queries_total",
                "Prefix cache queries, in terms of number of queried tokens.", ModelCounters.Snapshot::prefixQueries);
        counter(out, models, "vllm:prefix_cache_hits_total",
                "Prefix cache hits, in terms of number of cached tokens.", ModelCounters.Snapshot::prefixHits);
        counter(out, models, "vllm:prompt_tokens_total", "Number of prefill tokens processed.",
                ModelCounters.Snapshot::promptTokens);
        counter(out, models, "vllm:generation_tokens_total", "Number of generation tokens processed.",
                ModelCounters.Snapshot::generationTokens);
        counter(out, models, "vllm:request_success_total", "Count of successfully processed requests.",
                ModelCounters.Snapshot::finishedRequests);
        ttftHistogram(out, models);
        return out.toString();
    }

    static String renderMedia(Map<String, MediaQueue.Load> load) {
        StringBuilder out = new StringBuilder(512);
        gauge(out, load, "vllm:num_requests_running", "Number of requests being generated on the GPU.",
                MediaQueue.Load::running);
        gauge(out, load, "vllm:num_requests_waiting", "Number of requests waiting for the GPU.",
                MediaQueue.Load::waiting);
        return out.toString();
    }

    private static void header(StringBuilder out, String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static <T> void gauge(StringBuilder out, Map<String, T> models, String name, String help,
                                  ToDoubleFunction<T> value) {
        header(out, name, help, "gauge");
        models.forEach((model, m) -> sample(out, name, labels(model, null), value.applyAsDouble(m)));
    }

    private static void counter(StringBuilder out, Map<String, ModelCounters.Snapshot> models, String name, String help,
                                ToDoubleFunction<ModelCounters.Snapshot> value) {
        header(out, name, help, "counter");
        models.forEach((model, m) -> sample(out, name, labels(model, null), value.applyAsDouble(m)));
    }

    private static void ttftHistogram(StringBuilder out, Map<String, ModelCounters.Snapshot> models) {
        String name = "vllm:time_to_first_token_seconds";
        header(out, name, "Histogram of time to first token in seconds.", "histogram");
        models.forEach((model, m) -> {
            for (int i = 0; i < ModelCounters.TTFT_BUCKETS.length; i++) {
                sample(out, name + "_bucket", labels(model, number(ModelCounters.TTFT_BUCKETS[i])),
                        m.ttftCumulativeBuckets()[i]);
            }
            sample(out, name + "_bucket", labels(model, "+Inf"), m.ttftCount());
            sample(out, name + "_count", labels(model, null), m.ttftCount());
            sample(out, name + "_sum", labels(model, null), m.ttftSumSeconds());
        });
    }

    private static String labels(String model, String le) {
        String labels = "engine=\"0\",model_name=\"" + model.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        return le == null ? labels : labels + ",le=\"" + le + "\"";
    }

    private static void sample(StringBuilder out, String name, String labels, double value) {
        out.append(name).append('{').append(labels).append("} ").append(number(value)).append('\n');
    }

    /** Python's float repr, as prometheus_client writes it: {@code 3.0}, {@code 0.25}. */
    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? String.format(Locale.ROOT, "%.1f", value) : Double.toString(value);
    }
}
